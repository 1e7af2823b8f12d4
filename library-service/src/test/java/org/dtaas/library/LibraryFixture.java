package org.dtaas.library;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dtaas.identity.testing.TestPlatformHome;

/** The library the tests read and change: alice's and bob's trees, common, and a secret outside. */
final class LibraryFixture {

    static final String SECRET = "SENTINEL-outside-the-library-7f3a";
    static final String BOBS_SECRET = "SENTINEL-bob-only-91c2";

    private LibraryFixture() {
    }

    static Path files() {
        return TestPlatformHome.files();
    }

    static synchronized void create() throws Exception {
        if (Files.exists(files().resolve("alice/data/welcome.txt"))) {
            return;
        }
        for (String owner : new String[] {"alice", "bob", "common"}) {
            for (String kind : new String[] {"functions", "models", "tools", "data", "digital twins"}) {
                Files.createDirectories(files().resolve(owner).resolve(kind));
            }
        }
        Files.writeString(files().resolve("alice/data/welcome.txt"), "  hello world\n");
        Files.write(files().resolve("alice/data/blob.bin"), new byte[] {0, 1, 2, (byte) 0xff, 10});
        Files.writeString(files().resolve("common/models/readme.md"), "shared model");
        Files.writeString(files().resolve("bob/data/secret.txt"), BOBS_SECRET);
        Files.writeString(TestPlatformHome.home().resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(files().resolve("alice/data/outside"), TestPlatformHome.home().toAbsolutePath());
        Files.createSymbolicLink(files().resolve("alice/data/bobs"), files().resolve("bob/data").toAbsolutePath());
    }
}

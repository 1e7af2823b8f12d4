package org.dtaas.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
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

    /**
     * Makes (or repairs) the fixture; tests that attack alice's tree may delete, move or replace any of it.
     */
    static synchronized void create() throws Exception {
        for (String owner : new String[] {"alice", "bob", "common"}) {
            // where copies came from, noted beside them by copy tests: not part of the fixture's listings
            deleteTree(files().resolve(owner).resolve(".origins.json"));
            for (String kind : new String[] {"functions", "models", "tools", "data", "digital twins"}) {
                Path folder = files().resolve(owner).resolve(kind);
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(folder);
                    Files.createDirectories(folder);
                }
            }
        }
        Files.writeString(files().resolve("alice/data/welcome.txt"), "  hello world\n");
        Files.write(files().resolve("alice/data/blob.bin"), new byte[] {0, 1, 2, (byte) 0xff, 10});
        Files.writeString(files().resolve("common/models/readme.md"), "shared model");
        Files.writeString(files().resolve("bob/data/secret.txt"), BOBS_SECRET);
        Files.writeString(TestPlatformHome.home().resolve("secret.txt"), SECRET);
        link(files().resolve("alice/data/outside"), TestPlatformHome.home().toAbsolutePath());
        link(files().resolve("alice/data/bobs"), files().resolve("bob/data").toAbsolutePath());
    }

    private static void link(Path link, Path target) throws IOException {
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
            return;
        }
        deleteTree(link);
        Files.createSymbolicLink(link, target);
    }

    /** Removes a file, link (not its target) or folder tree. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

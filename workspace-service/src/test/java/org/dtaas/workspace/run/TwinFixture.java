package org.dtaas.workspace.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.dtaas.identity.testing.TestPlatformHome;

/** Writes digital twins with lifecycle programs into the test platform's library. */
public final class TwinFixture {

    private TwinFixture() {
    }

    /** Adds {@code lifecycle/<phase>} with {@code script} (made executable) to {@code owner}'s twin. */
    public static Path phase(String owner, String twin, String phase, String script) throws IOException {
        Path program = twinFolder(owner, twin).resolve("lifecycle").resolve(phase);
        Files.createDirectories(program.getParent());
        Files.writeString(program, script);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }

    public static Path twinFolder(String owner, String twin) {
        return TestPlatformHome.files().resolve(owner).resolve("digital twins").resolve(twin);
    }
}

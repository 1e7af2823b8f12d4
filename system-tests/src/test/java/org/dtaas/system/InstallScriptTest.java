package org.dtaas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install.sh when a package registry cannot be reached: the failed step is named with what went
 * wrong, the steps after it still run, and what an earlier run installed stays as it was.
 */
class InstallScriptTest {

    @TempDir
    Path tools;

    @Test
    void anUnreachableRegistryNamesTheStepAndLeavesTheEarlierInstallUntouched() throws Exception {
        // an earlier install, made for older requirements, so this run wants to rebuild it
        Path lab = Files.createDirectories(tools.resolve("python/bin")).resolve("jupyter-lab");
        Files.writeString(lab, "#!/bin/sh\necho earlier\n");
        Files.setPosixFilePermissions(lab, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(tools.resolve("python/.dtaas-requirements"), "earlier");
        Files.createDirectories(tools.resolve("code-server/out/node"));
        Files.writeString(tools.resolve("code-server/out/node/entry.js"), "");
        Files.writeString(tools.resolve("code-server/.dtaas-version"), "4.100.3");

        ProcessBuilder install = new ProcessBuilder(Launcher.ROOT.resolve("scripts/install.sh").toString(), "platform",
                tools.toString()).redirectErrorStream(true);
        // nothing listens on port 9: the registry is unreachable, and says so at once
        install.environment().put("PIP_INDEX_URL", "http://127.0.0.1:9/simple");
        install.environment().put("PIP_RETRIES", "0");
        install.environment().put("PIP_TIMEOUT", "2");
        Process process = install.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), output);

        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.lines().anyMatch(l -> l.contains("Python: JupyterLab") && l.contains("FAILED")), output);
        assertTrue(output.contains("these steps failed: Python"), output);
        assertTrue(output.lines().anyMatch(l -> l.contains("VS Code (code-server)") && l.contains("already")),
                "the next steps still run: " + output);
        assertEquals("earlier", Files.readString(tools.resolve("python/.dtaas-requirements")));
        assertEquals("#!/bin/sh\necho earlier\n", Files.readString(lab));
        assertFalse(Files.exists(tools.resolve("python.partial")), "the half-built environment is cleaned up");
    }
}

package org.dtaas.workspace.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.workspace.config.RunsConfig;
import org.junit.jupiter.api.Test;

/**
 * The disk of the run logs fills up during a run (a real tmpfs of 256 KiB mounted over the logs folder,
 * so the kernel answers ENOSPC): the run is stopped and fails, saying its log could not be written and
 * what to do; its program does not go on unseen; the service serves on, and the next run, once there
 * is room again, succeeds. The logs have a folder of their own here, so the small disk never hides or
 * fills the logs of other test classes.
 */
@QuarkusTest
@TestProfile(FullLogDiskTest.OwnLogsFolder.class)
@QuarkusTestResource(TestPlatformHome.class)
class FullLogDiskTest {

    public static class OwnLogsFolder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dtaas.runs.logs-path", "${dtaas.home}/logs/runs-on-a-small-disk");
        }
    }

    @Inject
    RunsConfig config;

    @Test
    void aRunWhoseLogCannotBeWrittenIsStoppedAndSaysWhy() throws Exception {
        Path logs = Path.of(config.logsPath());
        Files.createDirectories(logs);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "dtaas-test-logs", logs.toString()) == 0,
                "mounting a tmpfs needs root");
        try {
            aRunFillsTheLogsDisk(logs);
        } finally {
            run("umount", logs.toString());
        }
        String next = RunsTest.start(RunsTest.alice(), "alice", "quiet", "execute", 201).getString("id");
        assertEquals("succeeded", RunsTest.awaitEnd(RunsTest.alice(), next).getString("status"));
    }

    private static void aRunFillsTheLogsDisk(Path logs) throws Exception {
        // a name of this test run's own: runs outlive services, so another run's program may be around
        String chatty = "chatty-" + Long.toString(System.nanoTime(), 36);
        TwinFixture.phase("alice", chatty, "execute", "#!/bin/sh\nwhile :; do head -c 1000 /dev/zero | tr '\\0' x;"
                + " echo; done\n");
        TwinFixture.phase("alice", "quiet", "execute", "#!/bin/sh\necho fine\n");

        String id = RunsTest.start(RunsTest.alice(), "alice", chatty, "execute", 201).getString("id");
        JsonPath ended = RunsTest.awaitEnd(RunsTest.alice(), id);
        assertEquals("failed", ended.getString("status"));
        String reason = ended.getString("reason");
        // the program's output and the log share the small disk here: whichever fills first, the run says so
        assertTrue(reason.startsWith("stopped: "), reason);
        assertTrue(reason.contains(logs.toString()) && reason.contains("an admin must free space there"), reason);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // KILL after the grace, then reaped
        while (run("pgrep", "-f", chatty + "/lifecycle/execute") == 0 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertEquals(1, run("pgrep", "-f", chatty + "/lifecycle/execute"), () -> "the program was stopped: " + processes(chatty));
    }

    private static String processes(String twin) {
        try {
            return new String(new ProcessBuilder("pgrep", "-af", twin).start().getInputStream().readAllBytes());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static int run(String... command) {
        return Commands.exitCode(java.util.List.of(command));
    }
}

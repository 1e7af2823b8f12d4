package org.dtaas.workspace.run;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run's output is written on its owner's own disk (a real 16 MiB loop-mounted ext4, as ./dtaas up
 * makes them), so a program printing without end fills its owner's disk, never the platform's. When
 * that disk is full the log (on the platform's disk) says so and what to do, and the twin goes on.
 */
@QuarkusTest
@TestProfile(RunOnOwnDiskTest.OwnDisks.class)
@QuarkusTestResource(TestPlatformHome.class)
class RunOnOwnDiskTest {

    private static final Path SCRIPT = Path.of("../scripts/user-disk.sh").toAbsolutePath().normalize();

    public static class OwnDisks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dtaas.user-disk.command", SCRIPT.toString(), "dtaas.user-disk.size", "16M");
        }
    }

    @BeforeAll
    static void loopDevices() {
        Assumptions.assumeTrue(script("available") == 0, "users' disks need root and loop devices (CI has both)");
    }

    @AfterAll
    static void unmount() {
        // the other test classes keep their libraries on the shared disk
        script("unmount-all", TestPlatformHome.home().toString());
    }

    @Test
    void aRunThatFillsItsOwnersDiskIsToldInItsLogAndGoesOn() throws Exception {
        TwinFixture.phase("alice", "filler", "execute", """
                #!/bin/sh
                dd if=/dev/zero of="$WORKSPACE/data-fill.bin" bs=4k count=16384 2>/dev/null
                sleep 3
                rm "$WORKSPACE/data-fill.bin"
                echo "room again"
                """);
        String id = RunsTest.start(RunsTest.alice(), "alice", "filler", "execute", 201).getString("id");
        Path output = TestPlatformHome.home().resolve("disks/alice/.runs/" + id + ".out");
        assertTrue(awaitFile(output), "the run's output is on alice's own disk: " + output);

        JsonPath ended = RunsTest.awaitEnd(RunsTest.alice(), id);
        assertEquals("succeeded", ended.getString("status"), ended.prettify());
        String log = given().header("Authorization", RunsTest.alice()).get("/api/runs/" + id + "/log").then()
                .statusCode(200).extract().asString();
        assertTrue(log.contains("[its owner's library disk is full (") && log.contains("free space in the library"), log);
        assertTrue(log.contains("room again"), log);
        assertTrue(!Files.exists(output), "the output file goes once the run's end is recorded");
    }

    private static boolean awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 100 && !Files.exists(file); i++) {
            Thread.sleep(20);
        }
        return Files.exists(file);
    }

    private static int script(String... arguments) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(SCRIPT.toString()));
        command.addAll(java.util.List.of(arguments));
        return Commands.exitCode(command);
    }
}

package org.dtaas.workspace.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lifecycle runs against real processes: results, logs, refusals, one run per twin, cancel. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class RunsTest {

    @BeforeAll
    static void twins() throws Exception {
        TwinFixture.phase("alice", "counter", "execute", "#!/bin/sh\necho \"in $(pwd)\"\necho \"workspace $WORKSPACE\"\n"
                + "echo \"phase $DTAAS_PHASE of $DTAAS_TWIN\"\nfor i in 1 2 3; do echo line $i; done\necho oops >&2\n");
        TwinFixture.phase("alice", "counter", "analyze", "#!/bin/sh\necho analysing\nexit 3\n");
        TwinFixture.phase("alice", "counter", "clean", "echo no shebang\n");
        Path save = TwinFixture.phase("alice", "counter", "save", "#!/bin/sh\necho saved\n");
        Files.setPosixFilePermissions(save, PosixFilePermissions.fromString("rw-r--r--"));
        TwinFixture.phase("alice", "sleeper", "execute", "#!/bin/bash\nsleep 317 &\necho $! > \"$WORKSPACE/sleeper-child.pid\"\n"
                + "echo $$ > \"$WORKSPACE/sleeper.pid\"\necho started\nwait\n");
        TwinFixture.phase("bob", "private", "execute", "#!/bin/sh\necho bob\n");
        TwinFixture.phase("alice", "whoami", "execute", "#!/bin/sh\necho \"uid $(id -u)\"\n"
                + "cat /etc/shadow >/dev/null 2>&1 && echo SHADOW-READ || echo shadow-refused\n"
                + "echo mine > \"$WORKSPACE/written-by-run.txt\" && echo wrote\n");
        TwinFixture.phase("alice", "talker", "execute", "#!/bin/sh\necho \"broker $RABBITMQ_URL as $RABBITMQ_USERNAME\"\n");
        Path credentials = TestPlatformHome.files().resolve("alice/.dtaas/services.json");
        Files.createDirectories(credentials.getParent());
        Files.writeString(credentials, "{\"rabbitmq\":{\"url\":\"amqp://127.0.0.1:5672/dtaas-alice\",\"username\":\"dtaas-alice\"}}");
    }

    static String alice() {
        return TestTokens.bearer("alice");
    }

    static JsonPath start(String token, String owner, String twin, String phase, int status) {
        return given().header("Authorization", token).contentType("application/json").body(Map.of("phase", phase))
                .post("/api/twins/" + owner + "/" + twin + "/runs").then().statusCode(status).extract().jsonPath();
    }

    static JsonPath awaitEnd(String token, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonPath run = given().header("Authorization", token).get("/api/runs/" + id).then().statusCode(200)
                    .extract().jsonPath();
            if (!List.of("queued", "running").contains(run.getString("status"))) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + id + " did not end");
    }

    @Test
    void aPhaseRunsInItsTwinFolderWithItsWorkspaceAndKeepsItsLog() throws Exception {
        JsonPath started = start(alice(), "alice", "counter", "execute", 201);
        String id = started.getString("id");
        assertEquals("alice", started.getString("user"));
        assertEquals("execute", started.getString("phase"));
        JsonPath ended = awaitEnd(alice(), id);
        assertEquals("succeeded", ended.getString("status"));
        assertEquals(0, ended.getInt("exitCode"));
        // the history's Duration column: from start to end, in the JSON
        assertEquals(java.time.Duration.between(java.time.Instant.parse(ended.getString("startedAt")),
                java.time.Instant.parse(ended.getString("endedAt"))).toMillis(), ended.getLong("durationMs"), ended.prettify());
        String log = given().header("Authorization", alice()).get("/api/runs/" + id + "/log").then().statusCode(200)
                .extract().asString();
        // runs see what the workspace sees (bubblewrap is installed by the test set-up)
        assertTrue(log.contains("in /workspace/digital twins/counter\n"), log);
        assertTrue(log.contains("workspace /workspace\n"), log);
        assertTrue(log.contains("phase execute of counter\nline 1\nline 2\nline 3\noops\n"), log);
        given().header("Authorization", alice()).get("/api/twins/alice/counter/runs").then().statusCode(200)
                .body("[0].id", notNullValue()).body("find { it.id == '" + id + "' }.status", equalTo("succeeded"));
    }

    @Test
    void runsGetTheUsersPlatformServiceCredentials() throws Exception {
        String id = start(alice(), "alice", "talker", "execute", 201).getString("id");
        assertEquals("succeeded", awaitEnd(alice(), id).getString("status"));
        String log = given().header("Authorization", alice()).get("/api/runs/" + id + "/log").asString();
        assertEquals("broker amqp://127.0.0.1:5672/dtaas-alice as dtaas-alice\n", log);
    }

    @Test
    void aNonZeroExitIsAFailedRunWithItsCode() throws Exception {
        String id = start(alice(), "alice", "counter", "analyze", 201).getString("id");
        JsonPath ended = awaitEnd(alice(), id);
        assertEquals("failed", ended.getString("status"));
        assertEquals(3, ended.getInt("exitCode"));
        assertTrue(ended.getString("reason").contains("exit code 3"));
    }

    @Test
    void programsThatCannotRunAreRefusedWithTheFixAndRecordedAsFailed() {
        JsonPath notExecutable = start(alice(), "alice", "counter", "save", 422);
        assertTrue(notExecutable.getString("message").contains("chmod +x"), notExecutable.prettify());
        assertEquals("failed", notExecutable.getString("run.status"));
        assertTrue(start(alice(), "alice", "counter", "clean", 422).getString("message").contains("#!"));
        assertTrue(start(alice(), "alice", "counter", "create", 422).getString("message").contains("does not exist"));
        assertTrue(start(alice(), "alice", "counter", "explode", 400).getString("message").contains("execute"));
        start(alice(), "alice", "nothing", "execute", 404);
        given().header("Authorization", alice()).contentType("application/json").body("{}")
                .post("/api/twins/alice/counter/runs").then().statusCode(400).body("message", containsString("phase"));
    }

    @Test
    void aRunExecutesAsItsUsersOwnUnixAccount() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.dtaas.files.UnixAccounts.runsAsRoot(), "accounts need root");
        int alicesUid = org.dtaas.files.UnixAccounts.of(TestPlatformHome.home(), "auto", 200_000).uidOf("alice").getAsInt();
        String id = start(alice(), "alice", "whoami", "execute", 201).getString("id");
        assertEquals("succeeded", awaitEnd(alice(), id).getString("status"));
        String log = given().header("Authorization", alice()).get("/api/runs/" + id + "/log").then().statusCode(200)
                .extract().asString();
        assertTrue(log.contains("uid " + alicesUid + "\n"), "the run is alice's account, not root: " + log);
        assertTrue(log.contains("shadow-refused"), "root-only host files stay closed: " + log);
        assertTrue(log.contains("wrote"), "alice's own tree is writable by her account: " + log);
        Path written = TestPlatformHome.files().resolve("alice/written-by-run.txt");
        assertEquals(alicesUid, Files.getAttribute(written, "unix:uid"), "what the run makes is alice's");
    }

    @Test
    void oneRunAtATimePerTwinAndCancelStopsEveryProcessOfIt() throws Exception {
        String id = start(alice(), "alice", "sleeper", "execute", 201).getString("id");
        Path childPid = TestPlatformHome.files().resolve("alice/sleeper-child.pid");
        awaitFile(childPid);
        // the run has its own pid namespace: find its processes on the host by what they run
        long child = hostPid("sleep 317");
        long script = hostPid("sleeper/lifecycle/execute");
        assertTrue(ProcessHandle.of(child).isPresent());

        JsonPath busy = start(alice(), "alice", "sleeper", "execute", 409);
        assertTrue(busy.getString("message").contains(id), busy.prettify());
        // another twin runs meanwhile
        assertEquals("succeeded", awaitEnd(alice(), start(alice(), "alice", "counter", "execute", 201).getString("id"))
                .getString("status"));

        given().header("Authorization", TestTokens.bearer("bob")).post("/api/runs/" + id + "/cancel").then().statusCode(403);
        given().header("Authorization", alice()).post("/api/runs/" + id + "/cancel").then().statusCode(202);
        JsonPath ended = awaitEnd(alice(), id);
        assertEquals("cancelled", ended.getString("status"));
        assertTrue(ended.getString("reason").contains("cancelled by alice"));
        assertTrue(gone(child), "the background child was left");
        assertTrue(gone(script), "the script was left");
        given().header("Authorization", alice()).post("/api/runs/" + id + "/cancel").then().statusCode(409);
        String again = start(alice(), "alice", "sleeper", "execute", 201).getString("id"); // free again
        // runs outlive the service (their monitors own them): stop this one rather than leave it to the machine
        given().header("Authorization", alice()).post("/api/runs/" + again + "/cancel").then().statusCode(202);
        assertEquals("cancelled", awaitEnd(alice(), again).getString("status"));
    }

    private static long hostPid(String commandLinePart) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            var found = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(commandLinePart)
                    && !p.info().commandLine().orElse("").contains("bwrap")).findFirst();
            if (found.isPresent()) {
                return found.get().pid();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no process runs " + commandLinePart);
    }

    @Test
    void otherUsersRunsAndTwinsAreForbidden() throws Exception {
        start(alice(), "bob", "private", "execute", 403);
        String id = start(TestTokens.bearer("bob"), "bob", "private", "execute", 201).getString("id");
        given().header("Authorization", alice()).get("/api/runs/" + id).then().statusCode(403);
        given().header("Authorization", alice()).get("/api/runs/" + id + "/log").then().statusCode(403);
        given().header("Authorization", alice()).get("/api/twins/bob/private/runs").then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/runs/" + id).then().statusCode(200);
        given().header("Authorization", alice()).get("/api/runs/not-a-run").then().statusCode(404);
        given().header("Authorization", alice()).get("/api/runs/../../etc/passwd").then().statusCode(404);
        start(alice(), "common", "anything", "execute", 403);
    }

    /** True when the process has exited (a zombie waiting for its parent to reap it has exited too). */
    static boolean gone(long pid) throws Exception {
        for (int i = 0; i < 100; i++) {
            Path stat = Path.of("/proc/" + pid + "/stat");
            if (!Files.exists(stat)) {
                return true;
            }
            String state = Files.readString(stat);
            if (state.substring(state.lastIndexOf(')') + 2).startsWith("Z")) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 200 && !Files.exists(file); i++) {
            Thread.sleep(25);
        }
        Thread.sleep(50); // the pid is written
    }

    @Test
    void everyoneListsTheRunsTheyStartedAndOnlyAdminsOthers() throws Exception {
        String id = start(alice(), "alice", "counter", "execute", 201).getString("id");
        awaitEnd(alice(), id);
        List<String> mine = given().header("Authorization", alice()).get("/api/runs").then().statusCode(200)
                .extract().jsonPath().getList("id");
        assertEquals(id, mine.get(0), "newest first");
        assertTrue(given().header("Authorization", alice()).get("/api/runs").then().extract().jsonPath()
                .getList("user").stream().allMatch("alice"::equals));
        given().header("Authorization", TestTokens.bearer("bob")).get("/api/runs").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        given().header("Authorization", TestTokens.bearer("bob")).queryParam("user", "alice").get("/api/runs").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("bob")).queryParam("user", "*").get("/api/runs").then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("admin")).queryParam("user", "*").get("/api/runs").then()
                .statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
        given().header("Authorization", TestTokens.adminBearer("admin")).queryParam("user", "alice").get("/api/runs").then()
                .statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
        given().header("Authorization", TestTokens.adminBearer("admin")).queryParam("user", "../x").get("/api/runs").then()
                .statusCode(400);
    }
}

package org.dtaas.workspace.run;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/runs/{id}/provenance}: a run records the digests of its twin's files, of its program
 * and of the assets its programs name, the names (not values) of its variables, who and when, and the
 * files it wrote. Links and fifos planted in the twin or its output folder are neither followed nor read.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class ProvenanceTest {

    private static final Path FILES = TestPlatformHome.files();
    private static final String PASSWORD = "SENTINEL-broker-password-4471";
    private static final String PROGRAM = "#!/bin/sh\nset -e\n"
            + "cat \"$WORKSPACE/models/plant.txt\" \"$DTAAS_COMMON/tools/solver.sh\" > /dev/null\n"
            + "out=\"$WORKSPACE/data/recorder\"\nmkdir -p \"$out/plots\"\n"
            + "printf 't,x\\n0,1\\n' > \"$out/result.csv\"\nprintf 'png' > \"$out/plots/x.png\"\n"
            + "ln -sf /etc/shadow \"$out/planted-link\"\necho recorded\n";

    @BeforeAll
    static void twin() throws Exception {
        TwinFixture.phase("alice", "recorder", "execute", PROGRAM);
        Path twin = TwinFixture.twinFolder("alice", "recorder");
        Files.writeString(twin.resolve("README.md"), "# recorder\n\nRecords.\n");
        Files.deleteIfExists(twin.resolve("bobs-secret"));
        Files.createSymbolicLink(twin.resolve("bobs-secret"), FILES.resolve("bob"));
        Files.createDirectories(FILES.resolve("alice/models"));
        Files.writeString(FILES.resolve("alice/models/plant.txt"), "plant model\n");
        Files.createDirectories(FILES.resolve("common/tools"));
        Files.writeString(FILES.resolve("common/tools/solver.sh"), "solver\n");
        Path out = FILES.resolve("alice/data/recorder");
        new ProcessBuilder("rm", "-rf", out.toString()).start().waitFor(); // an earlier test run's
        Files.createDirectories(out);
        // made here by the test (root); the run writes as alice
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(out.resolve("old.txt"), "from an earlier run\n");
        Files.setLastModifiedTime(out.resolve("old.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
        Path credentials = FILES.resolve("alice/.dtaas/services.json");
        Files.createDirectories(credentials.getParent());
        Files.writeString(credentials, "{\"rabbitmq\":{\"url\":\"amqp://127.0.0.1:5672/dtaas-alice\",\"username\":\"dtaas-alice\","
                + "\"password\":\"" + PASSWORD + "\"}}");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String sha256(String text) throws Exception {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRunRecordsWhatItUsedAndWhatItWrote() throws Exception {
        String id = RunsTest.start(TestTokens.bearer("alice"), "alice", "recorder", "execute", 201).getString("id");
        assertEquals("succeeded", RunsTest.awaitEnd(TestTokens.bearer("alice"), id).getString("status"),
                () -> given().header("Authorization", TestTokens.bearer("alice")).get("/api/runs/" + id + "/log").asString());
        String body = given().header("Authorization", TestTokens.bearer("alice")).get("/api/runs/" + id + "/provenance")
                .then().statusCode(200).extract().asString();
        JsonPath p = JsonPath.from(body);
        assertEquals(id, p.getString("run"));
        assertEquals("alice", p.getString("startedBy"));
        assertEquals("execute", p.getString("phase"));
        assertEquals("succeeded", p.getString("status"));
        assertNotNull(p.getString("startedAt"));
        assertNotNull(p.getString("endedAt"));

        // the program and the twin's files, digests anyone can recompute with sha256sum
        assertEquals("alice/digital twins/recorder/lifecycle/execute", p.getString("inputs.program.path"));
        assertEquals(sha256(PROGRAM), p.getString("inputs.program.sha256"));
        List<Map<String, Object>> files = p.getList("inputs.twin.files");
        assertEquals(List.of("README.md", "lifecycle/execute"), files.stream().map(f -> f.get("path")).toList(),
                "the link to bob's folder is not followed");
        String readme = "# recorder\n\nRecords.\n";
        String listing = sha256(readme) + " " + readme.length() + " README.md\n" + sha256(PROGRAM) + " "
                + PROGRAM.getBytes(StandardCharsets.UTF_8).length + " lifecycle/execute\n";
        assertEquals(sha256(listing), p.getString("inputs.twin.sha256"));
        assertTrue(p.getBoolean("inputs.twin.complete"));

        // the assets its program names, as they were at the start
        Map<String, String> assets = new java.util.HashMap<>();
        for (Map<String, Object> a : p.<Map<String, Object>>getList("inputs.assets")) {
            assets.put((String) a.get("path"), (String) a.get("sha256"));
        }
        assertEquals(sha256("plant model\n"), assets.get("alice/models/plant.txt"));
        assertEquals(sha256("solver\n"), assets.get("common/tools/solver.sh"));
        // its output folder as it was before (what analyze reads of execute's results, say)
        assertEquals(Set.of("alice/models/plant.txt", "common/tools/solver.sh", "alice/data/recorder"), assets.keySet());

        // variable names, never values
        List<String> variables = p.getList("inputs.environment");
        assertTrue(variables.containsAll(List.of("DTAAS_USER", "DTAAS_TWIN", "DTAAS_RUN_ID", "WORKSPACE", "RABBITMQ_PASSWORD")),
                variables.toString());
        assertFalse(body.contains(PASSWORD), "no variable's value is recorded");

        // the files it wrote: not the older one, not the link it planted
        assertEquals("alice", p.getString("outputs.folder"));
        Map<String, String> outputs = new java.util.TreeMap<>();
        for (Map<String, Object> f : p.<Map<String, Object>>getList("outputs.files")) {
            outputs.put((String) f.get("path"), (String) f.get("sha256"));
        }
        assertEquals(sha256("png"), outputs.get("data/recorder/plots/x.png"));
        assertEquals(sha256("t,x\n0,1\n"), outputs.get("data/recorder/result.csv"));
        assertFalse(outputs.containsKey("data/recorder/old.txt"), "older files are not its outputs");
        assertFalse(outputs.containsKey("data/recorder/planted-link"), "links are not outputs");
        assertTrue(outputs.keySet().stream().noneMatch(path -> path.startsWith(".dtaas/")), "credentials are never listed");
    }

    @Test
    void onlyTheRunnerAndAdminsSeeIt() throws Exception {
        String id = RunsTest.start(TestTokens.bearer("alice"), "alice", "recorder", "execute", 201).getString("id");
        RunsTest.awaitEnd(TestTokens.bearer("alice"), id);
        given().header("Authorization", TestTokens.bearer("bob")).get("/api/runs/" + id + "/provenance").then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("admin")).get("/api/runs/" + id + "/provenance").then()
                .statusCode(200);
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/runs/not-a-run/provenance").then().statusCode(404);
    }
}

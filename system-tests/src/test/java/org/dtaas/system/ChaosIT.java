package org.dtaas.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code kill -9} of each DTaaS service in the middle of work, on a platform started with
 * {@code ./dtaas up}: nobody starts anything again, the service's supervisor does. Afterwards no file is
 * partial or lost, a run completes with its whole log and a follower that reconnects sees every line, a
 * signed-in browser session still works, and each service answers again within 10 s (the figures are
 * printed as {@code [recovery]} lines).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    private static final long RECOVERY_LIMIT_MS = 10_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Launcher launcher;

    @BeforeAll
    static void up() throws Exception {
        launcher = Launcher.started("dtaas-chaos");
        Launcher.Result added = launcher.run("alice-password-1\n", "user", "add", "alice");
        assertEquals(0, added.exitCode(), added.output());
        Thread.sleep(1500); // the gateway re-reads users.htpasswd within a second
    }

    @AfterAll
    static void down() throws Exception {
        Launcher.stop(launcher);
    }

    @Test
    @Order(1)
    void anUploadCutByAKilledLibraryLeavesTheOldFileAndNoPart() throws Exception {
        byte[] old = "version 1 of the model".getBytes(StandardCharsets.UTF_8);
        alice().contentType("application/octet-stream").body(old).put("/api/library/raw/alice/models/plant.bin").then().statusCode(201);
        // 400 MiB, slowly enough to be cut in the middle
        CompletableFuture<HttpResponse<String>> upload = HTTP.sendAsync(HttpRequest.newBuilder(
                URI.create(launcher.url() + "/api/library/raw/alice/models/plant.bin")).header("Authorization", basic())
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new PlatformIT.ZeroBytes(400L << 20, true))).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1500);
        long recovered = killAndAwait("library-service", "/api/library/tree/alice");
        assertTrue(upload.handle((response, error) -> error != null || response.statusCode() >= 500).get(60, TimeUnit.SECONDS),
                "the cut upload did not succeed");
        assertArrayEquals(old, alice().get("/api/library/raw/alice/models/plant.bin").then().statusCode(200).extract().asByteArray(),
                "the old version is there, whole");
        String listing = alice().get("/api/library/tree/alice/models").then().statusCode(200).extract().asString();
        assertFalse(listing.contains("upload") || listing.contains(".part"), listing);
        assertTrue(recovered < RECOVERY_LIMIT_MS, "library-service back after " + recovered + " ms");
    }

    @Test
    @Order(2)
    void aDownloadCutByAKilledLibraryEndsShortAndTheNextOneIsWhole() throws Exception {
        long size = 200L << 20;
        given().baseUri(launcher.url()).header("Authorization", basic()).contentType("application/octet-stream")
                .body(new byte[(int) size]).put("/api/library/raw/alice/data/big.bin").then().statusCode(201);
        HttpResponse<InputStream> download = HTTP.send(HttpRequest.newBuilder(URI.create(launcher.url()
                + "/api/library/raw/alice/data/big.bin")).header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        long read = 0;
        boolean cut = false;
        CompletableFuture<Long> recovered = null;
        try (InputStream body = download.body()) {
            byte[] buffer = new byte[64 << 10];
            read += body.read(buffer); // the download has begun; it is read slowly from here
            recovered = CompletableFuture.supplyAsync(() -> killAndAwaitUnchecked("library-service", "/api/library/tree/alice"));
            for (int n; (n = body.read(buffer)) >= 0; ) {
                read += n;
                Thread.sleep(read < (8L << 20) ? 1 : 0);
            }
        } catch (java.io.IOException e) {
            cut = true;
        }
        assertTrue(cut || read < size, "a cut download never looks whole (" + read + " of " + size + " bytes)");
        assertTrue(recovered.get(60, TimeUnit.SECONDS) < RECOVERY_LIMIT_MS, "library-service back within 10 s");
        HttpResponse<InputStream> again = HTTP.send(HttpRequest.newBuilder(URI.create(launcher.url()
                + "/api/library/raw/alice/data/big.bin")).header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = again.body()) {
            assertEquals(size, body.transferTo(java.io.OutputStream.nullOutputStream()));
        }
    }

    @Test
    @Order(3)
    void aRunAndItsFollowerGoOnThroughAKilledWorkspaceService() throws Exception {
        Path program = launcher.home.resolve("files/alice/digital twins/steady/lifecycle/execute");
        Files.createDirectories(program.getParent());
        Files.writeString(program, "#!/bin/sh\nfor i in $(seq 1 30); do echo \"line $i\"; sleep 0.3; done\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        String id = alice().contentType("application/json").body(Map.of("phase", "execute"))
                .post("/api/twins/alice/steady/runs").then().statusCode(201).extract().path("id");
        // a follower until the kill cuts it
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> follow(id));
        Thread.sleep(2000);
        long recovered = killAndAwait("workspace-service", "/api/twins/alice");
        String cut = first.get(30, TimeUnit.SECONDS);
        assertTrue(cut.contains("line 1\\n") || cut.contains("line 1\n"), "the first follower saw the start: " + cut);
        String again = follow(id); // reconnects: everything so far, then live, then the end
        for (int i = 1; i <= 30; i++) {
            assertTrue(again.contains("line " + i + "\\n"), "line " + i + " in the reconnected follower:\n" + again);
        }
        assertTrue(again.contains("\"status\":\"succeeded\""), again);
        assertTrue(recovered < RECOVERY_LIMIT_MS, "workspace-service back after " + recovered + " ms");
    }

    @Test
    @Order(4)
    void aKilledProvisionerComesBackWithTheUsersAccounts() throws Exception {
        awaitOk("/api/services/alice/credentials");
        String before = alice().get("/api/services/alice/credentials").then().extract().path("mqtt.username");
        long recovered = killAndAwait("services-provisioner", "/api/services/alice/credentials");
        assertEquals(before, alice().get("/api/services/alice/credentials").then().statusCode(200).extract().path("mqtt.username"));
        assertTrue(recovered < RECOVERY_LIMIT_MS, "services-provisioner back after " + recovered + " ms");
    }

    @Test
    @Order(5)
    void aKilledGatewayComesBackAndASignedInSessionStillWorks() throws Exception {
        String cookie = given().baseUri(launcher.url()).header("Origin", launcher.url())
                .formParam("username", "alice").formParam("password", "alice-password-1").post("/auth/login")
                .then().statusCode(200).extract().cookie("dtaas_session");
        assertTrue(cookie != null && !cookie.isEmpty());
        long recovered = killAndAwait("gateway-service", "/auth/me");
        given().baseUri(launcher.url()).cookie("dtaas_session", cookie).get("/auth/me").then().statusCode(200);
        assertTrue(recovered < RECOVERY_LIMIT_MS, "gateway-service back after " + recovered + " ms");
        Launcher.Result status = launcher.run(null, "status");
        for (String service : List.of("library-service", "workspace-service", "services-provisioner", "gateway-service")) {
            assertTrue(status.output().matches("(?s).*" + service + " .* up \\(started again [12]x, .*exit status 137.*"), status.output());
        }
    }

    @Test
    @Order(6)
    void aKilledToolComesBackAndANewTerminalWorks() throws Exception {
        alice().post("/api/workspaces/alice/start").then().statusCode(200);
        awaitToolsReady();
        Map<String, String> signIn = Map.of("Authorization", basic());
        String host = "alice.localhost:" + launcher.gatewayPort; // alice's tools origin
        try (RawWebSocket open = new RawWebSocket(launcher.gatewayPort, host, "/alice/terminals/websocket/main", signIn)) {
            assertTrue(open.upgraded(), open.status);
            String uid = Files.readAllLines(launcher.home.resolve("config/unix-accounts")).stream()
                    .filter(l -> l.startsWith("alice ")).findFirst().orElseThrow().split(" ")[1];
            // JupyterLab itself (run as alice's account), not the sandbox around it
            ProcessHandle jupyter = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("jupyter-lab") && uid.equals(uidOf(p)))
                    .findFirst().orElseThrow(() -> new AssertionError("no JupyterLab of alice's"));
            jupyter.destroyForcibly(); // kill -9 with a terminal open
            jupyter.onExit().get(20, TimeUnit.SECONDS);
        }
        long killed = System.nanoTime();
        // JupyterLab's own start is 3-6 s here. 31-61 s (and once never) were seen in CI while the bridge into
        // the user's namespace made its connections one at a time: a flood of attempts to a JupyterLab still
        // starting held back the health check that makes the terminal (UserNetworkTest has that attack now).
        // The test asks that it comes back, and prints how soon
        long deadline = System.currentTimeMillis() + 150_000;
        String seen = "";
        Map<String, Integer> answers = new java.util.TreeMap<>(); // what the attempts got, for the failure's message
        while (!seen.contains("answer-42") && System.currentTimeMillis() < deadline) {
            try (RawWebSocket terminal = new RawWebSocket(launcher.gatewayPort, host, "/alice/terminals/websocket/main", signIn)) {
                answers.merge(terminal.status, 1, Integer::sum);
                if (!terminal.upgraded()) {
                    Thread.sleep(100); // as a browser's terminal tries again; not a flood
                } else {
                    terminal.sendText("[\"stdin\", \"echo answer-$((6*7))\\r\"]");
                    StringBuilder answer = new StringBuilder();
                    long answered = System.currentTimeMillis() + 5_000;
                    while (!answer.toString().contains("answer-42") && System.currentTimeMillis() < answered) {
                        answer.append(terminal.receiveText());
                    }
                    seen = answer.toString();
                }
            } catch (java.io.IOException notYet) {
                answers.merge(notYet.toString(), 1, Integer::sum);
                Thread.sleep(200);
            }
        }
        long ms = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf("[recovery] JupyterLab (terminal) answered again %d ms after kill -9%n", ms);
        if (!seen.contains("answer-42")) {
            fail("no new terminal after the tool's restart: " + seen + "\nanswers: " + answers + "\nworkspace: "
                    + alice().get("/api/workspaces/alice").then().extract().asString() + "\nend of jupyter.log:\n"
                    + LogLines.last(launcher.home.resolve("workspaces/alice/logs/jupyter.log"), 40,
                            line -> !line.contains(" 404 GET ")));
        }
        assertTrue(ms < 150_000, "the tool came back after " + ms + " ms");
        String events = alice().get("/api/workspaces/alice").then().statusCode(200).extract().asString();
        assertTrue(events.contains("exited") || events.contains("restarted"), "the workspace's events say so: " + events);
        alice().post("/api/workspaces/alice/stop").then().statusCode(200);
    }

    private static String uidOf(ProcessHandle process) {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .findFirst().map(l -> l.split("\\s+")[1]).orElse("");
        } catch (java.io.IOException gone) {
            return "";
        }
    }

    private static void awaitToolsReady() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (!"running".equals(alice().get("/api/workspaces/alice").jsonPath().getString("state"))) {
            assertTrue(System.currentTimeMillis() < deadline, "alice's workspace never ran");
            Thread.sleep(200);
        }
        Thread.sleep(1500); // the gateway takes new routes at its next refresh (every second)
    }

    /**
     * kill -9 of the service {@code name} (the Java process under its supervisor); the milliseconds until alice's
     * {@code probe} answers 200 through the gateway again.
     */
    private static long killAndAwait(String name, String probe) throws Exception {
        long supervisor = Long.parseLong(Files.readString(launcher.home.resolve("run/" + name + ".pid")).strip());
        ProcessHandle service = ProcessHandle.of(supervisor).orElseThrow().children().findFirst()
                .orElseThrow(() -> new AssertionError("nothing under the supervisor of " + name));
        service.destroyForcibly();
        service.onExit().get(20, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(launcher.url() + probe)).header("Authorization", basic())
                        .timeout(java.time.Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    long ms = (System.nanoTime() - killed) / 1_000_000;
                    System.out.printf("[recovery] %s answered again %d ms after kill -9%n", name, ms);
                    return ms;
                }
            } catch (java.io.IOException notYet) {
                // the gateway itself is down
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " did not come back within 60 s");
    }

    private static long killAndAwaitUnchecked(String service, String probe) {
        try {
            return killAndAwait(service, probe);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run's log followed (server-sent events) until its end or until the stream is cut. */
    private static String follow(String id) {
        StringBuilder seen = new StringBuilder();
        try {
            HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(launcher.url() + "/api/runs/" + id + "/log"))
                    .header("Authorization", basic()).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.contains("\"end\"")) {
                        break;
                    }
                }
            }
        } catch (java.io.IOException cut) {
            // the service went away: what was seen so far
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return seen.toString();
    }

    private static void awaitOk(String path) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (alice().get(path).statusCode() != 200) {
            assertTrue(System.currentTimeMillis() < deadline, path + " never answered 200");
            Thread.sleep(200);
        }
    }

    private static RequestSpecification alice() {
        return given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1");
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("alice:alice-password-1".getBytes(StandardCharsets.UTF_8));
    }
}

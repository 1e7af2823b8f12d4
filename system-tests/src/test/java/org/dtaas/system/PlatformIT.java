package org.dtaas.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform as a new user gets it: {@code ./dtaas up} in an empty DTAAS_HOME, then everything over
 * HTTP through the gateway, a real browser, and {@code ./dtaas down} at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformIT {

    static Launcher launcher;
    static Launcher.Result firstUp;
    static String adminPassword;

    @BeforeAll
    static void up() throws Exception {
        launcher = Launcher.started("dtaas-it");
        firstUp = launcher.firstUp;
        adminPassword = launcher.adminPassword();
    }

    static String installationId() throws Exception {
        return Files.readString(launcher.home.resolve("config/installation-id")).strip();
    }

    static String rabbitAdminPassword() throws Exception {
        Path file = launcher.home.resolve("config/rabbitmq-admin-password");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        return Files.readString(file).strip();
    }

    @AfterAll
    static void down() throws Exception {
        Launcher.stop(launcher);
    }

    @Test
    @Order(1)
    void firstStartPrintsTheUrlAndTheGeneratedAdminPasswordOnce() throws Exception {
        assertTrue(firstUp.output().contains("http://localhost:" + launcher.gatewayPort + "/"), firstUp.output());
        assertTrue(firstUp.output().contains("password: " + adminPassword), firstUp.output());
        Path credentials = launcher.home.resolve("config/initial-credentials");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(credentials));
        for (String owner : List.of("admin", "common")) {
            for (String kind : List.of("functions", "models", "tools", "data", "digital twins")) {
                assertTrue(Files.isDirectory(launcher.home.resolve("files").resolve(owner).resolve(kind)), owner + "/" + kind);
            }
        }
        String htpasswd = Files.readString(launcher.home.resolve("config/users.htpasswd"));
        assertTrue(htpasswd.startsWith("admin:$2y$"), "bcrypt entry in htpasswd format");
    }

    @Test
    @Order(2)
    void secondUpIsHarmlessAndStatusShowsEveryServiceUp() throws Exception {
        Launcher.Result again = launcher.run(null, "up");
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("already running"), again.output());
        assertFalse(again.output().contains("password:"), "the password is printed on the first start only");
        Launcher.Result status = launcher.run(null, "status");
        for (String service : List.of("gateway-service", "library-service", "workspace-service", "services-provisioner")) {
            assertTrue(status.output().lines().anyMatch(l -> l.startsWith(service) && l.trim().endsWith("up")), status.output());
        }
    }

    @Test
    @Order(3)
    void formSignInGivesAnHttpOnlySameSiteSessionCookie() {
        Response login = given().baseUri(launcher.url()).header("Origin", launcher.url())
                .formParam("username", "admin").formParam("password", adminPassword)
                .post("/auth/login");
        login.then().statusCode(200).body("user", equalTo("admin")).body("admin", equalTo(true));
        String setCookie = login.header("Set-Cookie");
        assertTrue(setCookie.toLowerCase().contains("httponly") && setCookie.contains("SameSite=Lax"), setCookie);
        given().baseUri(launcher.url()).cookie("dtaas_session", login.cookie("dtaas_session")).get("/auth/me")
                .then().statusCode(200).body("user", equalTo("admin"));
    }

    @Test
    @Order(4)
    void everyServiceAnswersThroughTheGateway() {
        given().baseUri(launcher.url()).auth().preemptive().basic("admin", adminPassword).get("/api/library/tree/admin")
                .then().statusCode(200).body("name", hasItem("digital twins"));
        given().baseUri(launcher.url()).auth().preemptive().basic("admin", adminPassword).get("/api/twins/common")
                .then().statusCode(200);
        given().baseUri(launcher.url()).auth().preemptive().basic("admin", adminPassword).get("/api/services")
                .then().statusCode(200).body("name", hasItem("rabbitmq"));
    }

    @Test
    @Order(4)
    void upstreamGraphQLClientsWorkThroughTheGateway() {
        given().baseUri(launcher.url()).auth().preemptive().basic("admin", adminPassword).contentType("application/json")
                .body(Map.of("query", "query listDirectory($path: String!) { listDirectory(path: $path) { repository { tree {"
                        + " blobs { edges { node { name type } } } trees { edges { node { name type } } } } } } }",
                        "variables", Map.of("path", "admin")))
                .post("/lib")
                .then().statusCode(200)
                .body("data.listDirectory.repository.tree.trees.edges.node.name", hasItem("digital twins"));
    }

    @Test
    @Order(4)
    void aFileLargerThanTheServicesHeapStreamsUpAndDown() throws Exception {
        long size = 300L * 1024 * 1024; // the library-service runs with -Xmx256m
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes());
        java.net.URI uri = java.net.URI.create(launcher.url() + "/api/library/raw/admin/data/big.bin");
        var put = client.send(java.net.http.HttpRequest.newBuilder(uri).header("Authorization", basic)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroBytes(size))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        var get = client.send(java.net.http.HttpRequest.newBuilder(uri).header("Authorization", basic).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, get.statusCode());
        try (var body = get.body()) {
            assertEquals(size, body.transferTo(java.io.OutputStream.nullOutputStream()));
        }
        given().baseUri(launcher.url()).auth().preemptive().basic("admin", adminPassword)
                .delete("/api/library/files/admin/data/big.bin").then().statusCode(204);
    }

    /** {@code size} zero bytes, length unknown in advance (sent chunked); {@code slow}: about 40 MiB/s, to be cut. */
    static final class ZeroBytes extends java.io.InputStream {
        private long left;
        private final boolean slow;

        ZeroBytes(long size) {
            this(size, false);
        }

        ZeroBytes(long size, boolean slow) {
            left = size;
            this.slow = slow;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(slow ? Math.min(len, 64 << 10) : len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            if (slow) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return n;
        }
    }

    @Test
    @Order(5)
    void servicesRefuseEveryCallWithoutTheGatewaysToken() throws Exception {
        String forged = ForgedToken.adminToken();
        for (int port : new int[] {launcher.libraryPort, launcher.workspacePort, launcher.provisionerPort}) {
            String base = "http://127.0.0.1:" + port;
            given().baseUri(base).get("/q/health/ready").then().statusCode(200);
            for (String path : List.of("/api/library/tree/admin", "/api/twins/admin", "/api/services", "/internal/routes")) {
                given().baseUri(base).get(path).then().statusCode(401);
                given().baseUri(base).header("Authorization", "Bearer " + forged).get(path).then().statusCode(401);
                given().baseUri(base).auth().preemptive().basic("admin", adminPassword).get(path).then().statusCode(401);
            }
        }
    }

    @Test
    @Order(6)
    void aNewUserReachesOwnThingsAndCommonButNotOthers() throws Exception {
        Launcher.Result added = launcher.run("alice-password-1\n", "user", "add", "alice");
        assertEquals(0, added.exitCode(), added.output());
        assertTrue(Files.isDirectory(launcher.home.resolve("files/alice/digital twins")));
        // the gateway re-reads users.htpasswd within a second
        long deadline = System.currentTimeMillis() + 5000;
        int status = 0;
        while (System.currentTimeMillis() < deadline && status != 200) {
            status = given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                    .get("/auth/me").statusCode();
            Thread.sleep(200);
        }
        assertEquals(200, status);
        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1").get("/api/library/tree/alice")
                .then().statusCode(200);
        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1").get("/api/library/tree/common")
                .then().statusCode(200);
        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1").get("/api/library/tree/admin")
                .then().statusCode(403);
        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1").get("/admin/lab")
                .then().statusCode(403);
        given().baseUri(launcher.url()).get("/api/library/tree/alice").then().statusCode(401);
        given().baseUri(launcher.url()).redirects().follow(false).header("Accept", "text/html").get("/alice/lab")
                .then().statusCode(302).header("Location", containsString("/login"));
    }

    @Test
    @Order(7)
    void aUserNameThatWouldCollideWithARouteIsRefused() throws Exception {
        Launcher.Result refused = launcher.run("some-password-1\n", "user", "add", "api");
        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("user name"), refused.output());
    }

    @Test
    @Order(7)
    void aUserRunsTheExampleTwinsThroughTheGatewayWithLiveLogs() throws Exception {
        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1").get("/api/twins/alice")
                .then().statusCode(200).body("name", hasItem("hello-world")).body("name", hasItem("mass-spring-damper"));
        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1").get("/api/twins/common")
                .then().statusCode(200).body("name", hasItem("mass-spring-damper"));

        String hello = startRun("hello-world", "execute");
        // the gateway passes server-sent events through as they come: the first step arrives while the run goes on
        java.net.http.HttpRequest follow = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(launcher.url() + "/api/runs/" + hello + "/log"))
                .header("Authorization", basic("alice", "alice-password-1")).header("Accept", "text/event-stream").build();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> events = java.net.http.HttpClient.newHttpClient()
                .send(follow, java.net.http.HttpResponse.BodyHandlers.ofLines());
        String statusAtFirstStep = null;
        StringBuilder seen = new StringBuilder();
        for (String line : (Iterable<String>) events.body()::iterator) {
            seen.append(line).append('\n');
            if (statusAtFirstStep == null && line.contains("step") && line.contains("1")) {
                statusAtFirstStep = runOf(hello).getString("status");
            }
            if (line.contains("\"end\"")) {
                break;
            }
        }
        assertEquals("running", statusAtFirstStep, seen.toString());
        assertTrue(seen.toString().contains("\"status\":\"succeeded\""), seen.toString());

        // the seed's co-simulation: FMUs built from C with gcc, orchestrated by INTO-CPS Maestro
        assertTrue(firstUp.output().contains("INTO-CPS Maestro"), "up fetched Maestro: " + firstUp.output());
        assertEquals("succeeded", awaitRun(startRun("mass-spring-damper", "create")).getString("status"),
                logOf(runIdOfLast("mass-spring-damper")));
        String execute = startRun("mass-spring-damper", "execute");
        assertEquals("succeeded", awaitRun(execute).getString("status"), logOf(execute));
        String csv = given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .get("/api/library/raw/alice/data/mass-spring-damper/output/outputs.csv").then().statusCode(200)
                .extract().asString();
        assertTrue(csv.startsWith("time,"), csv.substring(0, Math.min(200, csv.length())));
        assertEquals(10002, csv.split("\n").length);
        String analyze = startRun("mass-spring-damper", "analyze");
        assertEquals("succeeded", awaitRun(analyze).getString("status"));
        assertTrue(logOf(analyze).contains("mass 1 settles"), logOf(analyze));
    }

    @Test
    @Order(7)
    void theIncubatorEvolvesAndTheThermostatTalksOverMqttWithTheUsersOwnCredentials() throws Exception {
        for (String phase : List.of("create", "execute", "analyze", "evolve")) {
            String id = startRun("incubator", phase);
            assertEquals("succeeded", awaitRun(id).getString("status"), logOf(id));
        }
        byte[] plot = given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .get("/api/library/raw/alice/data/incubator/plot.png").then().statusCode(200)
                .header("Content-Type", containsString("image/png")).extract().asByteArray();
        assertTrue(plot.length > 5000 && plot[1] == 'P' && plot[2] == 'N' && plot[3] == 'G', "not a PNG plot");
        assertTrue(Files.readString(launcher.home.resolve("files/alice/digital twins/incubator/incubator.conf"))
                .contains("band=1.40"), "evolve did not retune the controller");

        // the user's MQTT account is made on first use; the run gets it as MQTT_* variables. Every account
        // carries this installation's id, so another DTaaS on a shared broker never touches it
        String id = installationId();
        io.restassured.path.json.JsonPath credentials = given().baseUri(launcher.url()).auth().preemptive()
                .basic("alice", "alice-password-1").get("/api/services/alice/credentials").then().statusCode(200)
                .body("mqtt.username", equalTo("dtaas-" + id + "-alice")).body("mqtt.topicPrefix", equalTo("dtaas/" + id + "/alice/"))
                .body("influxdb.database", equalTo("dtaas_" + id + "_alice")).body("rabbitmq.vhost", equalTo("dtaas-" + id + "-alice"))
                .extract().jsonPath();
        // the user's RabbitMQ account logs in over AMQP on DTaaS's own broker; guest does not exist there
        com.rabbitmq.client.ConnectionFactory amqp = new com.rabbitmq.client.ConnectionFactory();
        amqp.setUri(credentials.getString("rabbitmq.url"));
        amqp.setUsername(credentials.getString("rabbitmq.username"));
        amqp.setPassword(credentials.getString("rabbitmq.password"));
        try (com.rabbitmq.client.Connection connection = amqp.newConnection()) {
            assertTrue(connection.isOpen());
        }
        assertTrue(credentials.getString("rabbitmq.url").startsWith("amqp://127.0.0.1:" + launcher.rabbitPort + "/"));
        amqp.setUsername("guest");
        amqp.setPassword("guest");
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> amqp.newConnection().close(), "guest/guest logged in");
        String execute = startRun("thermostat-mqtt", "execute");
        assertEquals("succeeded", awaitRun(execute).getString("status"), logOf(execute));
        assertTrue(logOf(execute).contains("60 measurements exchanged over MQTT"), logOf(execute));
    }

    @Test
    @Order(7)
    void aUsersCodeReachesThePlatformServicesAndNothingElseOfTheHost() throws Exception {
        // stands for every other port on the host: another user's tool, an internal program
        try (ServerSocket elsewhere = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, Integer> closed = new java.util.LinkedHashMap<>();
            closed.put("gateway", launcher.gatewayPort);
            closed.put("library-service", launcher.libraryPort);
            closed.put("workspace-service", launcher.workspacePort);
            closed.put("services-provisioner", launcher.provisionerPort);
            closed.put("rabbitmq-management", launcher.rabbitManagementPort);
            closed.put("rabbitmq-distribution", launcher.rabbitDistPort);
            closed.put("another-program", elsewhere.getLocalPort());
            Map<String, Integer> open = Map.of("rabbitmq", launcher.rabbitPort, "mqtt", launcher.mqttPort);
            Path attack = launcher.home.resolve("files/alice/digital twins/attack");
            Files.createDirectories(attack.resolve("lifecycle"));
            StringBuilder targets = new StringBuilder();
            closed.forEach((name, port) -> targets.append(name).append(' ').append(port).append('\n'));
            open.forEach((name, port) -> targets.append(name).append(' ').append(port).append('\n'));
            Files.writeString(attack.resolve("targets"), targets);
            Files.writeString(attack.resolve("lifecycle/execute"), """
                    #!/usr/bin/env python3
                    import os, socket
                    for line in open("targets"):
                        name, port = line.split()
                        try:
                            socket.create_connection(("127.0.0.1", int(port)), timeout=3).close()
                            print(name, "open")
                        except OSError:
                            print(name, "closed")
                        # and through the outside network's proxy
                        proxy = socket.create_connection(("127.0.0.1", 3128), timeout=3)
                        proxy.sendall(("CONNECT 127.0.0.1:%s HTTP/1.1\\r\\n\\r\\n" % port).encode())
                        print(name, "proxy", proxy.recv(100).decode().split()[1])
                    print("proxy variable", os.environ.get("HTTPS_PROXY"))
                    """);
            attack.resolve("lifecycle/execute").toFile().setExecutable(true);
            giveToAlice(attack);
            String id = startRun("attack", "execute");
            assertEquals("succeeded", awaitRun(id).getString("status"), logOf(id));
            String log = logOf(id);
            for (String name : closed.keySet()) {
                assertTrue(log.contains(name + " closed"), name + " answered a user's run:\n" + log);
                assertTrue(log.contains(name + " proxy 403"), name + " through the proxy:\n" + log);
            }
            for (String name : open.keySet()) {
                assertTrue(log.contains(name + " open"), name + " is one of the users' services:\n" + log);
            }
            assertTrue(log.contains("proxy variable http://127.0.0.1:3128"), log);
        }
    }

    @Test
    @Order(7)
    void aUsersCodeFillsOnlyTheirOwnDiskAndTheLibrarySaysSo() throws Exception {
        Path filler = launcher.home.resolve("files/alice/digital twins/filler");
        Files.createDirectories(filler.resolve("lifecycle"));
        Files.writeString(filler.resolve("lifecycle/execute"), """
                #!/bin/sh
                dd if=/dev/zero of="$WORKSPACE/data/fill.bin" bs=1M count=2000 2>&1 | grep -v records
                echo "dd ended"
                """);
        filler.resolve("lifecycle/execute").toFile().setExecutable(true);
        giveToAlice(filler);
        try {
            fillAlicesDisk();
        } finally {
            Files.deleteIfExists(launcher.home.resolve("files/alice/data/fill.bin")); // the next tests need room
        }
    }

    /** A run of alice's fills her disk; the library says so and refuses her upload; others write on. */
    private static void fillAlicesDisk() throws Exception {
        java.util.function.Supplier<io.restassured.specification.RequestSpecification> alice =
                () -> given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1");
        String id = startRun("filler", "execute");
        awaitRun(id);
        String log = logOf(id);
        assertTrue(log.contains("No space left on device") && log.contains("dd ended"), log);

        io.restassured.path.json.JsonPath disk = alice.get().get("/api/workspaces/alice").then().statusCode(200).extract().jsonPath();
        assertEquals("own file system", disk.getString("disk.mechanism"), disk.prettify());
        long size = disk.getLong("disk.sizeBytes");
        assertTrue(size > 400L << 20 && size <= 512L << 20, "alice's disk holds DTAAS_USER_DISK_SIZE: " + size);
        assertTrue(disk.getLong("disk.usedBytes") > size * 0.95, disk.prettify()); // ext4 keeps a few blocks back

        // bigger than the few blocks ext4 keeps back for root (the library-service writes as root)
        var full = alice.get().contentType("application/octet-stream").body(new byte[32 << 20])
                .put("/api/library/raw/alice/data/note.txt");
        assertEquals(507, full.statusCode(), full.asString());
        assertTrue(full.asString().contains("alice's library is full"), full.asString());
        alice.get().get("/api/library/raw/alice/data/note.txt").then().statusCode(404);
        // another user (and the host's disk) did not fill up
        given().baseUri(launcher.url()).auth().preemptive().basic("admin", adminPassword).contentType("application/octet-stream").body("meanwhile".getBytes())
                .put("/api/library/raw/admin/data/meanwhile.txt").then().statusCode(201);

        alice.get().delete("/api/library/files/alice/data/fill.bin").then().statusCode(204);
        alice.get().contentType("application/octet-stream").body("a small note".getBytes())
                .put("/api/library/raw/alice/data/note.txt").then().statusCode(201);
    }

    @Test
    @Order(7)
    void aRemovedUserIsSignedOutAndLosesTheirServiceAccounts() throws Exception {
        String bob = "bob";
        assertEquals(0, launcher.run("bob-password-1\n", "user", "add", bob).exitCode());
        long deadline = System.currentTimeMillis() + 5000;
        int status = 0;
        while (System.currentTimeMillis() < deadline && status != 200) {
            status = given().baseUri(launcher.url()).auth().preemptive().basic(bob, "bob-password-1")
                    .get("/api/services/" + bob + "/credentials").statusCode();
            Thread.sleep(200);
        }
        assertEquals(200, status);
        String account = "http://127.0.0.1:" + launcher.rabbitManagementPort + "/api/users/dtaas-" + installationId() + "-" + bob;
        given().auth().preemptive().basic("dtaas-admin", rabbitAdminPassword()).get(account).then().statusCode(200);

        Launcher.Result removed = launcher.run(null, "user", "remove", bob);
        assertEquals(0, removed.exitCode(), removed.output());
        given().auth().preemptive().basic("dtaas-admin", rabbitAdminPassword()).get(account).then().statusCode(404);
        Thread.sleep(1500); // the gateway re-reads users.htpasswd within a second
        given().baseUri(launcher.url()).auth().preemptive().basic(bob, "bob-password-1").get("/auth/me").then().statusCode(401);
        assertTrue(Files.isDirectory(launcher.home.resolve("files/" + bob)), "the files of a removed user stay");
        Launcher.Result lastAdmin = launcher.run(null, "user", "remove", "admin");
        assertTrue(lastAdmin.exitCode() != 0 && lastAdmin.output().contains("last admin"), lastAdmin.output());
    }

    @Test
    @Order(8)
    void aUsersWorkspaceToolsAnswerThroughTheGatewayAndOnlyForThem() throws Exception {
        var alice = given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1");
        alice.post("/api/workspaces/alice/start").then().statusCode(200);
        io.restassured.path.json.JsonPath status = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            status = given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                    .get("/api/workspaces/alice").then().statusCode(200).extract().jsonPath();
            if ("running".equals(status.getString("state"))) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("running", status.getString("state"), status.prettify());
        awaitStatus("/alice/tree", 200); // the gateway takes the new routes at its next refresh (every second)
        // on the platform's origin a tool's address only hands the visitor on to alice's tools origin
        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1").redirects().follow(false)
                .get("/alice/tree").then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.startsWith(toolsOrigin("alice") + "/_dtaas/handoff?code="));
        onToolsOf("alice").get("/alice/tree").then().statusCode(200).body(containsString("Jupyter"));
        onToolsOf("alice").get("/alice/api/contents/digital twins").then().statusCode(200).body(containsString("hello-world"));
        onToolsOf("alice").get("/alice/tools/vnc/vnc.html").then().statusCode(200).body(containsString("noVNC"));
        onToolsOf("alice").get("/alice/tools/vscode").then().statusCode(301).header("Location", "/alice/tools/vscode/");
        io.restassured.response.Response code = onToolsOf("alice").get("/alice/tools/vscode/?folder=/workspace");
        assertEquals(200, code.statusCode(), "VS Code without a second login: " + code.headers());
        // the tools origin has nothing of the platform
        onToolsOf("alice").get("/api/library/tree/alice").then().statusCode(404);
        onToolsOf("alice").get("/auth/me").then().statusCode(404);
        // the terminal and the desktop speak WebSocket through the gateway
        java.util.Map<String, String> aliceSignsIn = Map.of("Authorization", basic("alice", "alice-password-1"));
        String toolsHost = "alice.localhost:" + launcher.gatewayPort;
        try (RawWebSocket terminal = new RawWebSocket(launcher.gatewayPort, toolsHost, "/alice/terminals/websocket/main", aliceSignsIn)) {
            assertTrue(terminal.upgraded(), terminal.status);
            terminal.sendText("[\"stdin\", \"echo answer-$((6*7)); ls /workspace\\r\"]");
            StringBuilder seen = new StringBuilder();
            long answered = System.currentTimeMillis() + 15_000;
            while (!seen.toString().contains("answer-42") && System.currentTimeMillis() < answered) {
                seen.append(terminal.receiveText());
            }
            assertTrue(seen.toString().contains("answer-42"), "the terminal answered: " + seen);
        }
        java.util.Map<String, String> vncHeaders = new java.util.HashMap<>(aliceSignsIn);
        vncHeaders.put("Sec-WebSocket-Protocol", "binary");
        try (RawWebSocket vnc = new RawWebSocket(launcher.gatewayPort, toolsHost, "/alice/tools/vnc/websockify", vncHeaders)) {
            assertTrue(vnc.upgraded(), vnc.status);
        }
        // the platform's origin opens no tool's WebSocket
        try (RawWebSocket refused = new RawWebSocket(launcher.gatewayPort, "127.0.0.1:" + launcher.gatewayPort,
                "/alice/terminals/websocket/main", aliceSignsIn)) {
            assertTrue(refused.status.contains(" 421 "), refused.status);
        }
        // a twin's web server in the workspace, published for people without an account
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path web = launcher.home.resolve("files/alice/digital twins/web/lifecycle");
        Files.createDirectories(web);
        // the page tries what a hostile published page would with a signed-in visitor's session
        Files.writeString(web.getParent().resolve("index.html"), """
                <p>the twin dashboard</p><p id="result">not run</p><script>
                (async () => {
                  const base = new URLSearchParams(location.search).get('base');
                  const out = [];
                  for (const path of ['/auth/me', '/api/library/raw/admin/data/notes.md', '/api/services/admin/credentials']) {
                    try { const r = await fetch(base + path, { credentials: 'include' }); out.push(path + ' ' + r.status); }
                    catch (e) { out.push(path + ' blocked'); }
                  }
                  try {
                    await fetch(base + '/api/users', { method: 'POST', credentials: 'include', mode: 'no-cors',
                      headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ name: 'mallory', password: 'mallory-pw-1' }) });
                    out.push('add sent');
                  } catch (e) { out.push('add blocked'); }
                  document.getElementById('result').textContent = out.join('; ') + '; done';
                })();
                </script>
                """);
        Files.writeString(web.resolve("execute"), "#!/bin/sh\n"
                + "exec /usr/bin/python3 -m http.server " + port + " --bind 127.0.0.1\n");
        web.resolve("execute").toFile().setExecutable(true);
        giveToAlice(web.getParent()); // written here as root; a user's own files are their account's
        String server = startRun("web", "execute");
        io.restassured.response.Response publish = publishOnceListening("alice-web", port, "token");
        String token = publish.jsonPath().getString("token");
        // published services answer on their own origin (the gateway's second listener), never beside
        // a signed-in platform session; the platform's origin only redirects there
        String shared = launcher.sharedUrl();
        assertEquals(shared + "/shared/alice-web/", publish.jsonPath().getString("url"));
        // the gateway's table follows within a second or two (it polls the workspace-service)
        long known = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < known && given().baseUri(shared).get("/shared/alice-web/").statusCode() == 404) {
            Thread.sleep(200);
        }
        given().baseUri(launcher.url()).redirects().follow(false).get("/shared/alice-web/?token=" + token).then().statusCode(308)
                .header("Location", shared + "/shared/alice-web/?token=" + token);
        given().baseUri(shared).get("/shared/alice-web/").then().statusCode(401).body(containsString("access token"));
        given().baseUri(shared).get("/shared/alice-web/?token=wrong").then().statusCode(401);
        io.restassured.response.Response visit = given().baseUri(shared).get("/shared/alice-web/?token=" + token);
        assertEquals(200, visit.statusCode());
        assertTrue(visit.asString().contains("the twin dashboard"), visit.asString());
        assertTrue(visit.header("Content-Security-Policy").startsWith("sandbox"), visit.headers().toString());
        given().baseUri(shared).cookie(visit.detailedCookie("dtaas_shared_alice_web")).get("/shared/alice-web/index.html")
                .then().statusCode(200).body(containsString("the twin dashboard"));
        given().baseUri(shared).header("X-Access-Token", token).get("/shared/alice-web/").then().statusCode(200);
        Launcher.Result visited = launcher.browser("published-page.mjs", Map.of("DTAAS_USER", "admin", "DTAAS_PASSWORD",
                adminPassword, "PUBLISHED_URL", shared + "/shared/alice-web/?token=" + token));
        assertEquals(0, visited.exitCode(), visited.output());
        assertTrue(visited.output().contains("ok: the page read nothing of the platform"), visited.output());
        // port numbers are the user's own in their own network: alice's server on the library-service's
        // port number is hers, and publishing it shows hers, never the library-service (nor its health)
        Path squat = launcher.home.resolve("files/alice/digital twins/squat/lifecycle");
        Files.createDirectories(squat);
        Files.writeString(squat.resolve("execute"), "#!/bin/sh\necho 'alice squatting' > index.html\n"
                + "exec /usr/bin/python3 -m http.server " + launcher.libraryPort + " --bind 127.0.0.1\n");
        squat.resolve("execute").toFile().setExecutable(true);
        giveToAlice(squat.getParent());
        String squatter = startRun("squat", "execute");
        publishOnceListening("alice-squat", launcher.libraryPort, "public");
        long routed = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < routed && given().baseUri(shared).get("/shared/alice-squat/").statusCode() == 404) {
            Thread.sleep(200);
        }
        given().baseUri(shared).get("/shared/alice-squat/").then().statusCode(200).body(containsString("alice squatting"));
        given().baseUri(shared).get("/shared/alice-squat/q/health").then().statusCode(404);
        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .post("/api/runs/" + squatter + "/cancel").then().statusCode(org.hamcrest.Matchers.oneOf(202, 409));
        given().baseUri(shared).get("/shared/alice-web/../../alice/tree").then().statusCode(org.hamcrest.Matchers.not(200));
        given().baseUri(shared).get("/shared/nothing-here/").then().statusCode(404);
        // the published origin has nothing of the platform, even for a signed-in visitor
        given().baseUri(shared).auth().preemptive().basic("alice", "alice-password-1").get("/auth/me").then().statusCode(404);
        given().baseUri(shared).auth().preemptive().basic("alice", "alice-password-1").get("/api/library/tree/alice")
                .then().statusCode(404);

        // another user gets nothing of alice's workspace
        Launcher.Result added = launcher.run("erin-password-1\n", "user", "add", "erin");
        assertEquals(0, added.exitCode(), added.output());
        Thread.sleep(1500);
        given().baseUri(launcher.url()).auth().preemptive().basic("erin", "erin-password-1").redirects().follow(false)
                .get("/alice/tree").then().statusCode(403);
        given().baseUri(launcher.url()).header("Host", "alice.localhost:" + launcher.gatewayPort).auth().preemptive()
                .basic("erin", "erin-password-1").get("/alice/tree").then().statusCode(403);
        given().baseUri(launcher.url()).auth().preemptive().basic("erin", "erin-password-1")
                .post("/api/workspaces/alice/stop").then().statusCode(403);
        given().baseUri(launcher.url()).header("Host", "erin.localhost:" + launcher.gatewayPort).auth().preemptive()
                .basic("erin", "erin-password-1").get("/erin/tree")
                .then().statusCode(503).body(containsString("Workbench"));

        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .post("/api/workspaces/alice/stop").then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("stopped"));
        awaitStatus("/alice/tree", 503);
        long unpublished = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < unpublished
                && given().baseUri(shared).header("X-Access-Token", token).get("/shared/alice-web/").statusCode() != 404) {
            Thread.sleep(200);
        }
        given().baseUri(shared).header("X-Access-Token", token).get("/shared/alice-web/")
                .then().statusCode(404); // a stopped workspace publishes nothing
        given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .post("/api/runs/" + server + "/cancel").then().statusCode(org.hamcrest.Matchers.oneOf(202, 409));
    }

    /** Publishes alice's {@code port} as soon as her server listens there (a run just started it); the 201 answer. */
    private static io.restassured.response.Response publishOnceListening(String name, int port, String access)
            throws InterruptedException {
        long serving = System.currentTimeMillis() + 20_000;
        io.restassured.response.Response publish = null;
        while (System.currentTimeMillis() < serving && (publish == null || publish.statusCode() != 201)) {
            publish = given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                    .contentType("application/json").body(Map.of("name", name, "port", port, "access", access))
                    .post("/api/workspaces/alice/published");
            Thread.sleep(200);
        }
        assertEquals(201, publish.statusCode(), publish.asString());
        return publish;
    }

    /** alice's tools origin ({@code DTAAS_TOOLS_URL}: http://{user}.localhost:PORT with ./dtaas up). */
    private static String toolsOrigin(String user) {
        return "http://" + user + ".localhost:" + launcher.gatewayPort;
    }

    /**
     * A request to {@code user}'s tools origin, signed in as them with HTTP Basic. Java cannot resolve
     * *.localhost as browsers do: it connects to the gateway and names the origin in the Host header.
     */
    private static io.restassured.specification.RequestSpecification onToolsOf(String user) {
        return given().baseUri(launcher.url()).header("Host", user + ".localhost:" + launcher.gatewayPort).auth().preemptive()
                .basic(user, user + "-password-1").redirects().follow(false);
    }

    /** Waits (up to 10 s) until alice's request to {@code path} on her tools origin answers {@code status}: the gateway polls its routes. */
    private static void awaitStatus(String path, int status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        int seen = 0;
        while (System.currentTimeMillis() < deadline && seen != status) {
            seen = onToolsOf("alice").get(path).statusCode();
            if (seen != status) {
                Thread.sleep(200);
            }
        }
        assertEquals(status, seen, path);
    }

    /** Gives {@code folder} (and what is in it) to alice's Unix account, when she has one already. */
    private static void giveToAlice(Path folder) throws Exception {
        Path accounts = launcher.home.resolve("config/unix-accounts");
        if (!Files.exists(accounts)) {
            return;
        }
        java.util.OptionalInt account = Files.readAllLines(accounts).stream().filter(l -> l.startsWith("alice "))
                .mapToInt(l -> Integer.parseInt(l.split(" ")[1])).findFirst();
        if (account.isEmpty()) {
            return; // her first run or workspace start gives her what root made in her tree
        }
        int uid = account.getAsInt();
        try (java.util.stream.Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.toList()) {
                Files.setAttribute(p, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String startRun(String twin, String phase) {
        return given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .contentType("application/json").body(Map.of("phase", phase))
                .post("/api/twins/alice/" + twin + "/runs").then().statusCode(201).extract().path("id");
    }

    private static io.restassured.path.json.JsonPath runOf(String id) {
        return given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static String runIdOfLast(String twin) {
        return given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .get("/api/twins/alice/" + twin + "/runs").then().statusCode(200).extract().path("[0].id");
    }

    private static String logOf(String id) {
        return given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .get("/api/runs/" + id + "/log").then().statusCode(200).extract().asString();
    }

    private static io.restassured.path.json.JsonPath awaitRun(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            io.restassured.path.json.JsonPath run = runOf(id);
            if (!List.of("queued", "running").contains(run.getString("status"))) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + id + " did not end in 3 minutes:\n" + logOf(id));
    }

    @Test
    @Order(8)
    void aBrowserSignsInAndSeesTheMenu() throws Exception {
        Launcher.Result frank = launcher.run("frank-password-1\n", "user", "add", "frank");
        assertEquals(0, frank.exitCode(), frank.output());
        Thread.sleep(1500); // the gateway re-reads users.htpasswd within a second
        Launcher.Result browser = launcher.browser("sign-in.mjs", Map.of("DTAAS_USER", "admin", "DTAAS_PASSWORD", adminPassword,
                "DTAAS_USER2", "frank", "DTAAS_PASSWORD2", "frank-password-1", "DTAAS_INSTALLATION_ID", installationId()));
        String output = browser.output();
        assertEquals(0, browser.exitCode(), output);
        assertTrue(output.contains("ok: the signed-in shell shows Library, Digital Twins, Workbench and Services"), output);
    }

    @Test
    @Order(9)
    void aRunGoesOnThroughAKill9OfTheWorkspaceService() throws Exception {
        Path program = launcher.home.resolve("files/alice/digital twins/survivor/lifecycle/execute");
        Files.createDirectories(program.getParent());
        Files.writeString(program, "#!/bin/sh\nfor i in $(seq 1 40); do echo \"line $i\"; sleep 0.25; done\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        String id = startRun("survivor", "execute");
        long seen = System.currentTimeMillis() + 20_000;
        while (!logOf(id).contains("line 3\n") && System.currentTimeMillis() < seen) {
            Thread.sleep(100);
        }
        long supervisor = Long.parseLong(Files.readString(launcher.home.resolve("run/workspace-service.pid")).strip());
        ProcessHandle service = ProcessHandle.of(supervisor).orElseThrow().children().findFirst()
                .orElseThrow(() -> new AssertionError("no workspace-service under its supervisor"));
        service.destroyForcibly(); // kill -9: no shutdown hook, nothing recorded
        service.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        long killed = System.nanoTime();

        // nobody runs ./dtaas up: its supervisor starts it again
        long deadline = System.currentTimeMillis() + 30_000;
        int health = 0;
        while (health != 200 && System.currentTimeMillis() < deadline) {
            try {
                health = given().baseUri("http://127.0.0.1:" + launcher.workspacePort).get("/q/health/ready").statusCode();
            } catch (Exception notYet) {
                Thread.sleep(100);
            }
        }
        assertEquals(200, health, "the workspace-service is back by itself");
        System.out.printf("[recovery] workspace-service answered again %d ms after kill -9%n", (System.nanoTime() - killed) / 1_000_000);
        Launcher.Result status = launcher.run(null, "status");
        assertTrue(status.output().matches("(?s).*workspace-service .* up \\(started again 1x, .*exit status 137.*"), status.output());
        io.restassured.path.json.JsonPath ended = awaitRun(id);
        String log = logOf(id);
        assertEquals("succeeded", ended.getString("status"), () -> log + "\nthe workspace-service of it:\n"
                + LogLines.about(launcher.home.resolve("logs/workspace-service.log"), id));
        for (int i = 1; i <= 40; i++) {
            String line = "line " + i + "\n";
            assertEquals(1, log.split(java.util.regex.Pattern.quote(line), -1).length - 1, line + " once in:\n" + log);
        }
        assertTrue(log.contains("[the workspace-service restarted; following this run again]"), log);
    }

    @Test
    @Order(9)
    void aCrashedBrokerComesBackByItselfAndStatusSaysSo() throws Exception {
        long supervisor = Long.parseLong(Files.readString(launcher.home.resolve("run/mqtt-broker.pid")).strip());
        ProcessHandle broker = ProcessHandle.of(supervisor).orElseThrow().children().findFirst()
                .orElseThrow(() -> new AssertionError("no broker under its supervisor"));
        broker.destroyForcibly(); // kill -9
        broker.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 20_000;
        boolean back = false;
        while (!back && System.currentTimeMillis() < deadline) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", launcher.mqttPort)) {
                back = true;
            } catch (java.io.IOException e) {
                Thread.sleep(200);
            }
        }
        assertTrue(back, "the broker listens again");
        Launcher.Result status = launcher.run(null, "status");
        assertTrue(status.output().matches("(?s).*mqtt-broker .* up \\(started again 1x, .*exit status 137.*"), status.output());
        assertTrue(Files.readString(launcher.home.resolve("logs/mqtt-broker.log")).contains("mqtt-broker ended (exit status 137)"));
        // and users' accounts are still there: alice's credentials publish on the restarted broker
        io.restassured.path.json.JsonPath mqtt = given().baseUri(launcher.url()).auth().preemptive().basic("alice", "alice-password-1")
                .get("/api/services/alice/credentials").then().statusCode(200).extract().jsonPath();
        Process publish = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(launcher.mqttPort),
                "-u", mqtt.getString("mqtt.username"), "-P", mqtt.getString("mqtt.password"),
                "-i", mqtt.getString("mqtt.username") + "/after-restart", "-t", mqtt.getString("mqtt.topicPrefix") + "check",
                "-m", "still here").redirectErrorStream(true).start();
        String said = new String(publish.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(publish.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, publish.exitValue(), said);

        // what alice's account published is her twins' use of the platform (twin-aware idleness)
        Path activity = launcher.home.resolve("run/service-activity.json");
        long noted = System.currentTimeMillis() + 30_000;
        while (!(Files.exists(activity) && Files.readString(activity).contains("\"mqtt\"")) && System.currentTimeMillis() < noted) {
            Thread.sleep(250);
        }
        assertTrue(Files.exists(activity), "the provisioner notes the services' traffic in " + activity);
        com.fasterxml.jackson.databind.JsonNode users = new com.fasterxml.jackson.databind.ObjectMapper().readTree(activity.toFile());
        assertTrue(users.path("alice").has("mqtt"), users.toString());
        java.time.Instant.parse(users.path("alice").path("mqtt").asText());
    }

    @Test
    @Order(10)
    void upOnABusyPortSaysSoAndStartsNothing() throws Exception {
        Launcher other = new Launcher(Files.createTempDirectory("dtaas-busy"));
        try (ServerSocket busy = new ServerSocket(other.gatewayPort)) {
            Launcher.Result result = other.run(null, "up");
            assertTrue(result.exitCode() != 0, result.output());
            assertTrue(result.output().contains("port " + other.gatewayPort) && result.output().contains("in use"), result.output());
        }
        assertFalse(Files.exists(other.home.resolve("run/library-service.pid")), "nothing was started");
    }

    @Test
    @Order(11)
    void downStopsWhatUpStarted() throws Exception {
        Launcher.Result down = launcher.run(null, "down");
        assertEquals(0, down.exitCode(), down.output());
        Launcher.Result status = launcher.run(null, "status");
        assertEquals(4, status.output().lines().filter(l -> l.trim().endsWith("stopped")).count(), status.output());
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> new java.net.Socket("127.0.0.1", launcher.gatewayPort).close(), "the gateway port is closed");
    }
}

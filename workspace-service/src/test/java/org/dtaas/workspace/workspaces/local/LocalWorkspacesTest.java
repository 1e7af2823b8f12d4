package org.dtaas.workspace.workspaces.local;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.dtaas.workspace.workspaces.WorkspaceService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local backend against the real tools (scripts/install.sh installs JupyterLab and Notebook from
 * PyPI, VS Code, the desktop and bubblewrap): start, reach each tool with the credentials only the gateway gets,
 * kill a tool and see it come back, stop and see no process left; ownership rules of the API.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalWorkspacesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    WorkspaceService workspaces;

    @Inject
    org.dtaas.workspace.run.RunService runs;

    static int servicePort;

    @BeforeAll
    static void users() throws Exception {
        Path files = TestPlatformHome.files();
        Files.createDirectories(files.resolve("alice/data"));
        Files.writeString(files.resolve("alice/data/mine.txt"), "alice's");
        Files.createDirectories(files.resolve("bob/data"));
        Files.writeString(files.resolve("bob/data/secret.txt"), "bob's secret");
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            servicePort = socket.getLocalPort();
        }
        org.dtaas.workspace.run.TwinFixture.phase("alice", "server", "execute",
                "#!/bin/sh\nexec /usr/bin/python3 -m http.server " + servicePort + " --bind 127.0.0.1\n");
        Files.createDirectories(files.resolve("common/models"));
        Files.writeString(files.resolve("common/models/shared.txt"), "for everyone");
    }

    @Test
    @Order(1)
    void aStoppedWorkspaceShowsItsTools() {
        JsonPath status = given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice")
                .then().statusCode(200).body("state", equalTo("stopped")).body("backend", equalTo("local"))
                .extract().jsonPath();
        assertEquals(List.of("lab", "notebook", "vscode", "desktop", "terminal"), status.getList("tools.name"));
        assertEquals(true, status.get("tools.find { it.name == 'lab' }.available"), "the tests install JupyterLab");
        assertEquals(true, status.get("tools.find { it.name == 'notebook' }.available"), "the tests install Notebook 7");
        assertEquals(true, status.get("tools.find { it.name == 'terminal' }.available"));
        assertEquals(true, status.get("tools.find { it.name == 'desktop' }.available"), "CI installs the desktop");
        assertEquals(true, status.get("tools.find { it.name == 'vscode' }.available"), "CI installs code-server");
    }

    @Test
    @Order(2)
    void onlyTheOwnerAndAdminsReachAWorkspace() {
        given().header("Authorization", TestTokens.bearer("bob")).get("/api/workspaces/alice").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("bob")).post("/api/workspaces/alice/start").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("bob")).get("/api/workspaces").then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("root")).get("/api/workspaces/alice").then().statusCode(200);
        given().header("Authorization", TestTokens.adminBearer("root")).post("/api/workspaces/common/start").then().statusCode(400);
        given().header("Authorization", TestTokens.adminBearer("root")).post("/api/workspaces/nobody/start")
                .then().statusCode(404).body("message", org.hamcrest.Matchers.containsString("./dtaas user add nobody"));
        given().post("/api/workspaces/alice/start").then().statusCode(401);
    }

    @Test
    @Order(3)
    void startedToolsAnswerOnlyWithTheCredentialsTheGatewayGets() throws Exception {
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/workspaces/alice/start")
                .then().statusCode(200).body("state", org.hamcrest.Matchers.oneOf("starting", "running"));
        JsonPath status = awaitState("running");
        assertTrue(status.getBoolean("sandboxed"), "bubblewrap is installed by the test set-up");
        assertTrue(status.getList("events.message", String.class).stream().noneMatch(m -> m.contains("exited")),
                "no tool crashed while starting: " + status.prettify());
        for (String tool : new String[] {"lab", "notebook", "terminal", "desktop", "vscode"}) {
            assertEquals(true, status.get("tools.find { it.name == '" + tool + "' }.ready"), tool + " ready: " + status.prettify());
        }
        Map<String, Map<String, Object>> routes = routesOf("alice");
        Map<String, Object> notebook = routes.get("/alice/");
        String token = ((Map<?, ?>) notebook.get("headers")).get("Authorization").toString();
        String contents = (String) notebook.get("url") + "api/contents/";
        assertEquals(403, get(contents + "data", null).statusCode(), "no token, no entry");
        HttpResponse<String> listing = get(contents + "data", token);
        assertEquals(200, listing.statusCode());
        assertTrue(listing.body().contains("mine.txt"), listing.body());
        HttpResponse<String> common = get(contents + "common/models/shared.txt?content=1", token);
        assertTrue(common.body().contains("for everyone"), "common/ is inside the workspace: " + common.body());
        HttpResponse<String> lab = get(notebook.get("url") + "lab", token);
        assertEquals(200, lab.statusCode());
        assertTrue(lab.body().contains("JupyterLab"), "JupyterLab's page");
        HttpResponse<String> tree = get(notebook.get("url") + "tree", token);
        assertEquals(200, tree.statusCode());
        assertTrue(tree.body().contains("Notebook"), "Notebook 7's page");
        HttpResponse<String> terminal = get(notebook.get("url") + "terminals/main", token);
        assertEquals(200, terminal.statusCode(), "the seed's terminal page: " + terminal.body());
        HttpResponse<String> write = put(contents + "common/models/mine.txt", token);
        assertTrue(write.statusCode() >= 400, "common/ is read-only in a workspace: " + write.statusCode() + " " + write.body());
        Map<String, Object> desktop = routes.get("/alice/tools/vnc/");
        assertEquals(200, get(desktop.get("url") + "vnc.html", null).statusCode());
        String desktopPath = status.getString("tools.find { it.name == 'desktop' }.path");
        assertTrue(desktopPath.startsWith("/alice/tools/vnc/vnc.html?path=alice/tools/vnc/websockify&password="), desktopPath);
        Map<String, Object> code = routes.get("/alice/tools/vscode/");
        String cookie = ((Map<?, ?>) code.get("headers")).get("Cookie").toString();
        HttpResponse<String> anonymous = get(code.get("url").toString(), null);
        assertTrue(anonymous.headers().firstValue("Location").orElse("").contains("login"), "without the session: login");
        HttpRequest signedIn = HttpRequest.newBuilder(URI.create(code.get("url") + "?folder=/workspace")).header("Cookie", cookie).build();
        HttpResponse<String> workbench = HTTP.send(signedIn, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, workbench.statusCode(), workbench.headers().map().toString());
        assertTrue(workbench.body().contains("vscode-workbench") || workbench.body().contains("workbench"), "VS Code's page");
    }

    @Test
    @Order(4)
    void theToolsCannotSeeOtherUsersFiles() throws Exception {
        Sandbox sandbox = Sandbox.of("auto", "/usr/bin/bwrap", new WorkspacePython(Path.of(System.getProperty("user.home"), ".cache/dtaas/python")),
                SandboxAccounts.fromConfig());
        assertTrue(sandbox.enabled());
        int uid = sandbox.uidOf("alice");
        WorkspaceLayout layout = WorkspaceLayout.of("alice", TestPlatformHome.files(), TestPlatformHome.home().resolve("workspaces"), true,
                uid);
        layout.prepare();
        String bobsFile = TestPlatformHome.files().resolve("bob/data/secret.txt").toString();
        Process cat = new ProcessBuilder(sandbox.wrap(layout, List.of("/bin/sh", "-c",
                "cat '" + bobsFile + "'; ls /workspace/data; touch /workspace/common/x || echo read-only; echo me=$(whoami);"
                        + " echo uid=$(id -u); cat /etc/shadow > /dev/null 2>&1 || echo shadow-refused;"
                        + " touch /home/alice/in-home /tmp/in-tmp /workspace/in-files && echo writes-own;"
                        + " python3 -c 'import numpy, pandas, matplotlib, pika, paho.mqtt, influxdb_client, fmpy; print(\"libraries ok\")'"),
                List.of()))
                .redirectErrorStream(true).start();
        String out = new String(cat.getInputStream().readAllBytes());
        cat.waitFor();
        assertFalse(out.contains("bob's secret"), out);
        assertTrue(out.contains("mine.txt"), out);
        assertTrue(out.contains("read-only"), out);
        assertTrue(out.contains("me=alice"), "the sandbox user is named after the user: " + out);
        assertTrue(out.contains("writes-own"), "HOME, /tmp and the files are the user's: " + out);
        if (uid >= 0) {
            assertTrue(out.contains("uid=" + uid + "\n"), "the tools run as the user's own account: " + out);
            assertTrue(out.contains("shadow-refused"), "root's files stay root's: " + out);
        }
        assertTrue(out.contains("libraries ok"), "the workspaces' Python has the field's libraries: " + out);
    }

    @Test
    @Order(4)
    void onlyAPortOfTheUsersOwnWorkspaceIsPublishedAndItsTokenRotates() throws Exception {
        String run = given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body(Map.of("phase", "execute")).post("/api/twins/alice/server/runs").then().statusCode(201).extract().path("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // the run's server listens in alice's own network: the backend is asked, as the publish check does
        while (!workspaces.backend().ownsPort("alice", servicePort, runs.processesOf("alice")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        var publish = given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json");
        JsonPath issued = publish.body(Map.of("name", "alice-dashboard", "port", servicePort, "access", "token"))
                .post("/api/workspaces/alice/published").then().statusCode(201).extract().jsonPath();
        String token = issued.getString("token");
        assertEquals("/shared/alice-dashboard/", issued.getString("path"));
        assertEquals(32, token.length());

        int notHers = io.restassured.RestAssured.port; // the workspace-service itself listens there
        given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body(Map.of("name", "alice-sneaky", "port", notHers, "access", "public")).post("/api/workspaces/alice/published")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("nothing of your workspace"));
        given().header("Authorization", TestTokens.bearer("bob")).contentType("application/json")
                .body(Map.of("name", "bobs", "port", servicePort, "access", "public")).post("/api/workspaces/alice/published")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body(Map.of("name", "alice-dashboard", "port", servicePort)).post("/api/workspaces/alice/published")
                .then().statusCode(409);
        // names are their owner's: alice cannot take one of bob's
        given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body(Map.of("name", "bob-dashboard", "port", servicePort)).post("/api/workspaces/alice/published")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("starts with it"));

        Map<String, Object> shared = given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/shared")
                .then().statusCode(200).extract().jsonPath().getMap("'alice-dashboard'");
        // where the gateway reaches it: the twin's server answers there (through alice's bridge, own network)
        String url = (String) shared.get("url");
        assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/"), url);
        assertEquals(200, java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(org.dtaas.workspace.published.PublishedService.hash(token), shared.get("tokenHash"));
        String rotated = given().header("Authorization", TestTokens.bearer("alice"))
                .post("/api/workspaces/alice/published/alice-dashboard/token").then().statusCode(200).extract().path("token");
        assertNotEquals(token, rotated);
        given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/shared")
                .then().body("'alice-dashboard'.tokenHash", equalTo(org.dtaas.workspace.published.PublishedService.hash(rotated)));
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice/published")
                .then().statusCode(200).body("name", hasItem("alice-dashboard")).body("[0].token", org.hamcrest.Matchers.nullValue());
        given().header("Authorization", TestTokens.bearer("alice")).delete("/api/workspaces/alice/published/alice-dashboard")
                .then().statusCode(204);
        given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/shared")
                .then().body("'alice-dashboard'", org.hamcrest.Matchers.nullValue());
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/runs/" + run + "/cancel").then().statusCode(202);
    }

    @Test
    @Order(5)
    void aCrashedToolIsRestartedAndReported() throws Exception {
        LocalWorkspaceBackend backend = (LocalWorkspaceBackend) workspaces.backend();
        long before = backend.pids("alice").get(0);
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath status = null;
        while (System.nanoTime() < deadline) {
            status = given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice").jsonPath();
            boolean restarted = backend.pids("alice").get(0) != before
                    && Boolean.TRUE.equals(status.get("tools.find { it.name == 'notebook' }.ready"));
            if (restarted) {
                break;
            }
            Thread.sleep(200);
        }
        assertNotEquals(before, backend.pids("alice").get(0));
        assertEquals(true, status.get("tools.find { it.name == 'notebook' }.ready"), status.prettify());
        assertTrue(status.getList("events.message", String.class).stream().anyMatch(m -> m.contains("jupyter exited")),
                status.prettify());
    }

    @Test
    @Order(5)
    void aKilledXServerComesBackDespiteItsStaleLock() throws Exception {
        LocalWorkspaceBackend backend = (LocalWorkspaceBackend) workspaces.backend();
        ProcessHandle xvfb = xServer(backend).orElseThrow(() -> new AssertionError("no Xvfb runs"));
        xvfb.destroyForcibly(); // SIGKILL: /tmp/.X<n>-lock and the socket stay behind
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath status = null;
        while (System.nanoTime() < deadline) {
            status = given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice").jsonPath();
            java.util.Optional<ProcessHandle> now = xServer(backend);
            if (now.isPresent() && now.get().pid() != xvfb.pid() && now.get().isAlive()
                    && Boolean.TRUE.equals(status.get("tools.find { it.name == 'desktop' }.ready"))) {
                break;
            }
            Thread.sleep(200);
        }
        java.util.Optional<ProcessHandle> again = xServer(backend);
        assertTrue(again.isPresent() && again.get().pid() != xvfb.pid(), "a new X server runs");
        Thread.sleep(1500); // long enough for a refused display to end it again
        assertTrue(again.get().isAlive(), "the new X server keeps running");
        assertEquals(true, status.get("tools.find { it.name == 'desktop' }.ready"), status.prettify());
    }

    private static java.util.Optional<ProcessHandle> xServer(LocalWorkspaceBackend backend) {
        return backend.pids("alice").stream().flatMap(pid -> ProcessHandle.of(pid).stream())
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                .filter(p -> p.info().command().map(c -> c.endsWith("/Xvfb")).orElse(false)).findFirst();
    }

    @Test
    @Order(6)
    void stopLeavesNoProcessAndNoRoute() throws Exception {
        LocalWorkspaceBackend backend = (LocalWorkspaceBackend) workspaces.backend();
        List<ProcessHandle> family = backend.pids("alice").stream().flatMap(pid -> ProcessHandle.of(pid).stream())
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())).toList();
        assertTrue(family.size() >= 4, "jupyter, Xvfb, x11vnc, websockify at least: " + family.size());
        // nothing changed: no table (asked again should a tool have become ready in between)
        String running = null;
        for (int attempt = 0; attempt < 20 && running == null; attempt++) {
            String tag = given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/routes")
                    .then().statusCode(200).extract().header("ETag");
            io.restassured.response.Response again = given().header("Authorization", TestTokens.adminBearer("_gateway"))
                    .header("If-None-Match", tag).get("/internal/routes");
            if (again.statusCode() == 304 && tag.equals(again.header("ETag")) && again.asString().isEmpty()) {
                running = tag;
            } else {
                Thread.sleep(250);
            }
        }
        org.junit.jupiter.api.Assertions.assertNotNull(running, "an unchanged table is answered 304 without a body");
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/workspaces/alice/stop")
                .then().statusCode(200).body("state", equalTo("stopped"));
        assertTrue(family.stream().noneMatch(ProcessHandle::isAlive), "every program and child is gone");
        given().header("Authorization", TestTokens.adminBearer("_gateway")).get("/internal/routes")
                .then().statusCode(200).body("alice", org.hamcrest.Matchers.nullValue());
        // the table's version moves on: a gateway holding the old one gets the new table
        io.restassured.response.Response changed = null;
        for (long until = System.currentTimeMillis() + 5_000; System.currentTimeMillis() < until; Thread.sleep(50)) {
            changed = given().header("Authorization", TestTokens.adminBearer("_gateway")).header("If-None-Match", running)
                    .get("/internal/routes");
            if (changed.statusCode() == 200) {
                break;
            }
        }
        assertEquals(200, changed.statusCode(), "a changed table is sent to a gateway that has the old version");
        assertNotEquals(running, changed.header("ETag"));
        assertTrue(changed.jsonPath().get("alice") == null);
        given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice")
                .then().body("events.message", hasItem("stopped"));
    }

    @Test
    @Order(7)
    void aWorkspaceNobodyUsesIsStoppedAndNotStartedAgainAfterARestart() throws Exception {
        LocalWorkspaceBackend backend = (LocalWorkspaceBackend) workspaces.backend();
        given().header("Authorization", TestTokens.bearer("alice")).post("/api/workspaces/alice/start").then().statusCode(200);
        awaitState("running");
        Path wanted = TestPlatformHome.home().resolve("workspaces/alice/running");
        assertTrue(Files.exists(wanted), "a running workspace is started again after a restart");
        backend.stopIdle(Duration.ofHours(1), user -> java.util.Optional.empty());
        assertEquals("running", given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice")
                .jsonPath().getString("state"), "just used: kept");
        Thread.sleep(1500);
        backend.stopIdle(Duration.ofSeconds(1), user -> java.util.Optional.of("a twin of " + user + " is running"));
        JsonPath kept = given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice").jsonPath();
        assertEquals("running", kept.getString("state"), "a twin of alice's runs: in use");
        assertTrue(kept.getList("events.message", String.class).stream().anyMatch(m -> m.contains("a twin of alice is running")),
                kept.prettify());
        Thread.sleep(1500);
        backend.stopIdle(Duration.ofSeconds(1), user -> java.util.Optional.empty());
        JsonPath stopped = given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice").jsonPath();
        assertEquals("stopped", stopped.getString("state"));
        assertTrue(stopped.getList("events.message", String.class).stream().anyMatch(m -> m.contains("without use")),
                stopped.prettify());
        assertFalse(Files.exists(wanted), "an idle-stopped workspace stays stopped after a restart");
    }

    private static JsonPath awaitState(String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonPath status;
        do {
            status = given().header("Authorization", TestTokens.bearer("alice")).get("/api/workspaces/alice").jsonPath();
            if (state.equals(status.getString("state"))) {
                return status;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("workspace not " + state + ": " + status.prettify());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> routesOf(String user) {
        List<Map<String, Object>> list = given().header("Authorization", TestTokens.adminBearer("_gateway"))
                .get("/internal/routes").then().statusCode(200).extract().jsonPath().getList(user);
        Map<String, Map<String, Object>> byPrefix = new java.util.HashMap<>();
        list.forEach(route -> byPrefix.put((String) route.get("prefix"), route));
        return byPrefix;
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String url, String authorization) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"type\":\"file\",\"format\":\"text\",\"content\":\"x\"}")).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

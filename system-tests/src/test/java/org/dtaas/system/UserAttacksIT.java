package org.dtaas.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An ordinary user with code execution attacks the platform from inside, on a platform started with
 * {@code ./dtaas up} as an admin would: alice's twin {@code intruder} (src/test/resources/attacks) tries
 * every class of the isolation issue — host secrets and another user's files by path, every TCP port
 * the host listens on that users must not reach (internal services, victor's tools, the broker's
 * management and distribution ports, anything), the broker's guest account, another user's MQTT client
 * id, other users' processes, links planted for each privileged reader and writer, the exchange race
 * against library reads, writes, listings, zips and GraphQL, a fork bomb and a memory hog — and gets
 * nothing, while victor is served normally. Each probe has a control (the same move on what is
 * alice's own works), so "refused" is never the mere absence of an answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserAttacksIT {

    private static final String VICTORS_DIARY = "victor's diary " + UUID.randomUUID();
    private static final String ALICES_OWN = "alice's own " + UUID.randomUUID();

    static Launcher launcher;
    static String adminPassword;
    static Path intruder;

    @BeforeAll
    static void up() throws Exception {
        launcher = Launcher.started("dtaas-attacks");
        adminPassword = launcher.adminPassword();
        for (String user : List.of("alice", "victor")) {
            Launcher.Result added = launcher.run(user + "-password-1\n", "user", "add", user);
            assertEquals(0, added.exitCode(), added.output());
        }
        Thread.sleep(1500); // the gateway re-reads users.htpasswd within a second
        as("victor").contentType("application/octet-stream").body(VICTORS_DIARY.getBytes(StandardCharsets.UTF_8))
                .put("/api/library/raw/victor/data/private/diary.txt").then().statusCode(201);
        for (String user : List.of("alice", "victor")) {
            awaitOk(() -> as(user).get("/api/services/" + user + "/credentials"));
        }
        await(() -> Files.exists(launcher.home.resolve("files/victor/.dtaas/services.json")), "victor's credential file");
        // victor's tools listen while alice attacks
        as("victor").post("/api/workspaces/victor/start").then().statusCode(200);
        await(() -> "running".equals(as("victor").get("/api/workspaces/victor").jsonPath().getString("state")), "victor's workspace");

        intruder = launcher.home.resolve("files/alice/digital twins/intruder");
        copyTree(Path.of("src/test/resources/attacks/intruder"), intruder);
        Files.writeString(intruder.resolve("targets.json"), targets());
        as("alice").contentType("application/octet-stream").body(ALICES_OWN.getBytes(StandardCharsets.UTF_8))
                .put("/api/library/raw/alice/race/secret.txt").then().statusCode(201);
    }

    @AfterAll
    static void down() throws Exception {
        Launcher.stop(launcher);
    }

    @Test
    @Order(1)
    void probesFromInsideAUsersRunGetNothing() throws Exception {
        String log = run("execute");
        assertAllBlocked(log, 20);
        assertTrue(log.contains("CASE connect " + launcher.libraryPort + " blocked"), log);
        assertTrue(log.contains("CASE read " + launcher.home.resolve("config/initial-credentials") + " blocked"), log);
        assertTrue(log.contains("CASE amqp guest/guest blocked"), log);
        assertTrue(log.contains("CASE mqtt client id of another user blocked"), log);
    }

    @Test
    @Order(2)
    void linksPlantedForThePlatformsReadersAndWritersLeadNowhere() throws Exception {
        // the twin catalogue reads README.md as root: alice's README is now a link to the admin's password
        JsonPath twins = as("alice").get("/api/twins/alice").then().statusCode(200).extract().jsonPath();
        String catalogue = twins.prettify();
        assertTrue(catalogue.contains("intruder"), catalogue);
        assertFalse(catalogue.contains(adminPassword), "the initial admin password came back as a description");

        // a run's environment comes from .dtaas/services.json, now a link to victor's
        String env = run("analyze");
        JsonPath victors = new JsonPath(Files.readString(launcher.home.resolve("files/victor/.dtaas/services.json")));
        for (String service : List.of("rabbitmq", "mqtt")) {
            String password = victors.getString(service + ".password");
            assertTrue(password != null && password.length() >= 8, victors.prettify());
            assertFalse(env.contains(password), "victor's " + service + " password reached alice's run:\n" + env);
        }

        // the workspace's start writes the VNC password into HOME/.vnc, now a link to the platform's config
        Path config = launcher.home.resolve("config");
        as("alice").post("/api/workspaces/alice/start").then().statusCode(200);
        await(() -> "running".equals(as("alice").get("/api/workspaces/alice").jsonPath().getString("state")), "alice's workspace");
        assertFalse(Files.exists(config.resolve("dtaas-passwd")), "the workspace's start wrote into the platform's config folder");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(config));
        as("alice").post("/api/workspaces/alice/stop").then().statusCode(200);
        await(() -> "stopped".equals(as("alice").get("/api/workspaces/alice").jsonPath().getString("state")), "alice's stop");

        // a file named ..\..\escape.txt: a zip entry must not climb out of the folder it is unpacked in
        byte[] zip = as("alice").get("/api/library/zip/alice/digital twins/intruder").then().statusCode(200).extract().asByteArray();
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.add(entry.getName());
            }
        }
        assertTrue(entries.stream().anyMatch(e -> e.contains("escape.txt")), entries.toString());
        for (String entry : entries) {
            assertFalse(entry.startsWith("/") || entry.contains("../") || entry.contains("..\\") || entry.contains("\\"), entry);
        }
    }

    @Test
    @Order(3)
    void theExchangeRaceNeverReachesAnotherUsersFiles() throws Exception {
        String id = start("create");
        await(() -> log(id).contains("racing"), "the race to begin");
        int answered = 0;
        for (int i = 0; i < 60; i++) {
            for (Response response : List.of(as("alice").get("/api/library/raw/alice/race/secret.txt"),
                    as("alice").get("/api/library/tree/alice/race"), as("alice").get("/api/library/zip/alice/race"),
                    graphql("query readFile($path: String!) { readFile(path: $path) { repository { blobs { nodes {"
                            + " name rawBlob rawTextBlob } } } } }", "alice/race/secret.txt"),
                    graphql("query listDirectory($path: String!) { listDirectory(path: $path) { repository { tree {"
                            + " blobs { edges { node { name type } } } } } } }", "alice/race"))) {
                String body = new String(response.asByteArray(), StandardCharsets.ISO_8859_1);
                assertFalse(body.contains("diary"), "victor's folder through alice's swapped link: " + body);
                assertTrue(response.statusCode() < 500, response.statusCode() + " " + body);
                answered += response.statusCode() == 200 ? 1 : 0;
            }
            as("alice").contentType("application/octet-stream").body(("planted " + i).getBytes())
                    .put("/api/library/raw/alice/race/planted-" + i + ".txt");
        }
        as("alice").contentType("application/octet-stream").body("stop".getBytes()).put("/api/library/raw/alice/race-stop")
                .then().statusCode(201);
        awaitEnd(id);
        String log = log(id);
        assertTrue(log.matches("(?s).*swapped [1-9][0-9]* times.*"), log);
        assertTrue(answered > 0, "the library answered alice about her own folder between swaps");
        try (Stream<Path> victors = Files.list(launcher.home.resolve("files/victor/data/private"))) {
            assertEquals(List.of("diary.txt"), victors.map(p -> p.getFileName().toString()).toList(),
                    "an upload landed in victor's folder");
        }
        assertEquals(VICTORS_DIARY, Files.readString(launcher.home.resolve("files/victor/data/private/diary.txt")));
    }

    @Test
    @Order(4)
    void aForkBombAndAMemoryHogStopAtTheUsersLimitsWhileOthersAreServed() throws Exception {
        String id = start("evolve");
        CompletableFuture<String> attack = CompletableFuture.supplyAsync(() -> {
            awaitEndUnchecked(id);
            return log(id);
        });
        int served = 0;
        while (!attack.isDone()) {
            as("victor").get("/api/library/raw/victor/data/private/diary.txt").then().statusCode(200)
                    .body(org.hamcrest.Matchers.equalTo(VICTORS_DIARY));
            served++;
        }
        String victorsRun = as("victor").contentType("application/json").body(Map.of("phase", "execute"))
                .post("/api/twins/victor/hello-world/runs").then().statusCode(201).extract().path("id");
        awaitEnd(victorsRun, "victor");
        assertEquals("succeeded", runOf(victorsRun, "victor").getString("status"), log(victorsRun, "victor"));
        String log = attack.get();
        assertAllBlocked(log, 2);
        assertTrue(log.contains("CASE fork bomb blocked") && log.contains("CASE memory hog blocked"), log);
        assertTrue(served > 0, "victor was answered while alice's programs were at their limits");
    }

    // ---- the attack's results

    /** Every CASE line says blocked, every CONTROL works, and there are at least {@code atLeast} cases. */
    private static void assertAllBlocked(String log, int atLeast) {
        List<String> cases = log.lines().filter(l -> l.startsWith("CASE ")).toList();
        List<String> leaked = cases.stream().filter(l -> !l.contains(" blocked")).toList();
        List<String> failedControls = log.lines().filter(l -> l.startsWith("CONTROL ") && !l.contains(" works")).toList();
        assertTrue(leaked.isEmpty(), "leaked:\n" + String.join("\n", leaked) + "\n\nwhole log:\n" + log);
        assertTrue(failedControls.isEmpty(), "controls failed, so the cases prove nothing:\n" + log);
        assertTrue(cases.size() >= atLeast, cases.size() + " cases only:\n" + log);
        System.out.println("[attacks] " + cases.size() + " cases, all blocked:\n" + String.join("\n", cases));
    }

    /**
     * What alice's code is given to try: host paths of the platform's secrets and of victor's files, and
     * every TCP port the host listens on except the platform services users are meant to reach.
     */
    private static String targets() throws Exception {
        Path home = launcher.home;
        Set<Integer> ports = new TreeSet<>(hostListeningPorts());
        ports.removeAll(Set.of(launcher.rabbitPort, launcher.mqttPort, launcher.influxPort));
        assertTrue(ports.containsAll(Set.of(launcher.gatewayPort, launcher.libraryPort, launcher.workspacePort,
                launcher.provisionerPort, launcher.rabbitManagementPort)), ports.toString());
        String victorsMqttAccount = new JsonPath(Files.readString(home.resolve("files/victor/.dtaas/services.json")))
                .getString("mqtt.username");
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of(
                "secrets", List.of(home.resolve("config/initial-credentials").toString(), home.resolve("config/keys").toString(),
                        home.resolve("config/users.htpasswd").toString(), home.resolve("config/rabbitmq-admin-password").toString(),
                        home.resolve("config/unix-accounts").toString(), "/etc/shadow", "/run/dtaas",
                        home.resolve("logs").toString(), home.resolve("db").toString()),
                "victim_paths", List.of(home.resolve("files/victor/data/private").toString(),
                        home.resolve("files/victor/data/private/diary.txt").toString(), home.resolve("disks/victor.img").toString(),
                        home.resolve("workspaces/victor/home").toString(), "/workspace/../victor", "/home/victor"),
                "victim_services_json", home.resolve("files/victor/.dtaas/services.json").toString(),
                "victim_mqtt_client", victorsMqttAccount,
                "host_folder", home.resolve("config").toString(),
                "closed_ports", List.copyOf(ports),
                "rabbitmq_port", launcher.rabbitPort, "mqtt_port", launcher.mqttPort,
                // the defaults: 1024 tasks and 4 GiB for all of a user's programs together
                "fork_attempts", 3000, "hog_chunks", 112));
    }

    /** Every TCP port something on the host listens on (ss -ltn). */
    private static Set<Integer> hostListeningPorts() throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltn").redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, ss.waitFor(), output);
        Set<Integer> ports = new TreeSet<>();
        for (String line : output.lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            String local = columns[3];
            ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)));
        }
        return ports;
    }

    // ---- alice's runs and requests

    private static String run(String phase) throws Exception {
        String id = start(phase);
        awaitEnd(id);
        return log(id);
    }

    private static String start(String phase) {
        return as("alice").contentType("application/json").body(Map.of("phase", phase))
                .post("/api/twins/alice/intruder/runs").then().statusCode(201).extract().path("id");
    }

    private static void awaitEnd(String id) throws InterruptedException {
        awaitEnd(id, "alice");
    }

    private static void awaitEnd(String id, String user) throws InterruptedException {
        await(() -> !List.of("queued", "running").contains(runOf(id, user).getString("status")), "run " + id);
    }

    private static void awaitEndUnchecked(String id) {
        try {
            awaitEnd(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonPath runOf(String id, String user) {
        return as(user).get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static String log(String id) {
        return log(id, "alice");
    }

    private static String log(String id, String user) {
        return as(user).get("/api/runs/" + id + "/log").then().statusCode(200).extract().asString();
    }

    private static Response graphql(String query, String path) {
        return as("alice").contentType("application/json").body(Map.of("query", query, "variables", Map.of("path", path)))
                .post("/lib");
    }

    private static RequestSpecification as(String user) {
        return given().baseUri(launcher.url()).auth().preemptive().basic(user, user + "-password-1");
    }

    private static void awaitOk(java.util.function.Supplier<Response> call) throws InterruptedException {
        await(() -> call.get().statusCode() == 200, "an answer of 200");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "waited 120 s for " + what);
            Thread.sleep(200);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : all.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                }
            }
        }
    }
}

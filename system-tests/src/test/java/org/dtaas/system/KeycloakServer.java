package org.dtaas.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak (the distribution scripts/install-keycloak.sh unpacked), started in dev mode on a
 * free port and set up with kcadm like an admin would: a realm, a confidential client for the
 * gateway, a groups claim, users.
 */
final class KeycloakServer implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("user.home"), ".cache/dtaas/keycloak/keycloak-26.7.3");
    static final String REALM = "dtaas";
    static final String CLIENT = "dtaas";
    static final String SECRET = "dtaas-gateway-secret-0123456789";

    final int port;
    private final Path kcadmConfig;
    private final Path log;
    private Process process;

    KeycloakServer() throws IOException {
        this.port = Launcher.freePort();
        this.kcadmConfig = Files.createTempFile("kcadm", ".config");
        this.log = Path.of("target/keycloak.log").toAbsolutePath();
    }

    String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    void start() throws Exception {
        if (!Files.isExecutable(HOME.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + HOME + ": run scripts/install.sh test ~/.cache/dtaas (./dtaas test does)");
        }
        deleteTree(HOME.resolve("data")); // a fresh realm every run
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(HOME.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-host=127.0.0.1", "--hostname=http://127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak stopped:\n" + Files.readString(log));
            }
            try {
                HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/realms/master")).build();
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak did not start in 180 s:\n" + Files.readString(log));
    }

    /** The realm an organisation would have: the gateway's client, a groups claim, admins as a group. */
    void configure(String gatewayUrl) throws Exception {
        kcadm("config", "credentials", "--server", "http://127.0.0.1:" + port, "--realm", "master", "--user", "admin",
                "--password", "admin");
        kcadm("create", "realms", "-s", "realm=" + REALM, "-s", "enabled=true");
        String client = kcadm("create", "clients", "-r", REALM, "-i", "-s", "clientId=" + CLIENT, "-s", "secret=" + SECRET,
                "-s", "publicClient=false", "-s", "standardFlowEnabled=true", "-s", "directAccessGrantsEnabled=true",
                "-s", "redirectUris=[\"" + gatewayUrl + "/auth/oidc/callback\"]",
                "-s", "attributes.\"post.logout.redirect.uris\"=" + gatewayUrl + "/login").strip();
        kcadm("create", "clients/" + client + "/protocol-mappers/models", "-r", REALM, "-s", "name=groups",
                "-s", "protocol=openid-connect", "-s", "protocolMapper=oidc-group-membership-mapper",
                "-s", "config.\"claim.name\"=groups", "-s", "config.\"full.path\"=false",
                "-s", "config.\"id.token.claim\"=true", "-s", "config.\"access.token.claim\"=true",
                "-s", "config.\"userinfo.token.claim\"=true");
        // access tokens name DTaaS as their audience, so the gateway can refuse tokens meant for other clients
        kcadm("create", "clients/" + client + "/protocol-mappers/models", "-r", REALM, "-s", "name=audience",
                "-s", "protocol=openid-connect", "-s", "protocolMapper=oidc-audience-mapper",
                "-s", "config.\"included.client.audience\"=" + CLIENT, "-s", "config.\"access.token.claim\"=true",
                "-s", "config.\"id.token.claim\"=false");
        kcadm("create", "groups", "-r", REALM, "-s", "name=dtaas-admins");
    }

    void addUser(String name, String password, boolean admin) throws Exception {
        String id = kcadm("create", "users", "-r", REALM, "-i", "-s", "username=" + name, "-s", "enabled=true",
                "-s", "email=" + name + "@example.org", "-s", "emailVerified=true", "-s", "firstName=" + name,
                "-s", "lastName=Example").strip();
        kcadm("set-password", "-r", REALM, "--username", name, "--new-password", password);
        if (admin) {
            String groups = kcadm("get", "groups", "-r", REALM, "-q", "search=dtaas-admins", "--fields", "id", "--format", "csv",
                    "--noquotes");
            String group = groups.strip().lines().reduce((a, b) -> b).orElseThrow();
            kcadm("update", "users/" + id + "/groups/" + group, "-r", REALM, "-s", "realm=" + REALM, "-s", "userId=" + id,
                    "-s", "groupId=" + group, "-n");
        }
    }

    /** A token as a script gets it (resource owner password grant on the gateway's client). */
    String accessToken(String user, String password) throws Exception {
        String form = "grant_type=password&client_id=" + CLIENT + "&client_secret=" + SECRET + "&scope=openid&username="
                + user + "&password=" + password;
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token for " + user + ": " + response.statusCode() + " " + response.body());
        }
        return io.restassured.path.json.JsonPath.from(response.body()).getString("access_token");
    }

    private String kcadm(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/kcadm.sh").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", kcadmConfig.toString()));
        Process kcadm = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(kcadm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kcadm.waitFor(60, TimeUnit.SECONDS) || kcadm.exitValue() != 0) {
            throw new IllegalStateException("kcadm " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.toHandle().descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        Files.deleteIfExists(kcadmConfig);
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

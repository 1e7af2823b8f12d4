package org.dtaas.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./dtaas} from the checkout against one DTAAS_HOME and one set of ports. */
final class Launcher {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int exitCode, String output) {
    }

    final Path home;
    final int gatewayPort;
    final int libraryPort;
    final int workspacePort;
    final int provisionerPort;
    final int mqttPort;
    final int influxPort;
    final int influxRpcPort;
    final int rabbitPort;
    final int rabbitManagementPort;
    final int rabbitDistPort;
    final int sharedPort;

    Launcher(Path home) throws IOException {
        this.home = home;
        this.gatewayPort = freePort();
        this.libraryPort = freePort();
        this.workspacePort = freePort();
        this.provisionerPort = freePort();
        this.mqttPort = freePort();
        this.influxPort = freePort();
        this.influxRpcPort = freePort();
        this.rabbitPort = freePort();
        this.rabbitManagementPort = freePort();
        this.rabbitDistPort = freePort();
        this.sharedPort = freePort();
    }

    /** A platform of its own, started with {@code ./dtaas up} in a new home named {@code prefix...}. */
    static Launcher started(String prefix) throws Exception {
        Launcher launcher = new Launcher(java.nio.file.Files.createTempDirectory(prefix));
        launcher.firstUp = launcher.run(null, "up");
        if (launcher.firstUp.exitCode() != 0) {
            // what did start must not outlive the test (a restarting service would take ports and CPU)
            launcher.run(null, "down");
            org.junit.jupiter.api.Assertions.fail("./dtaas up failed:\n" + launcher.firstUp.output());
        }
        return launcher;
    }

    /** {@code ./dtaas down} of a platform {@link #started} (if it got that far). */
    static void stop(Launcher launcher) throws Exception {
        if (launcher != null) {
            launcher.run(null, "down");
        }
    }

    /** What the first {@code ./dtaas up} printed. */
    Result firstUp;

    /** The admin account's password, made by the first start. */
    String adminPassword() throws IOException {
        return java.nio.file.Files.readString(home.resolve("config/initial-credentials")).strip().split(":", 2)[1];
    }

    /** The published services' own origin (the gateway's second listener). */
    String sharedUrl() {
        return "http://localhost:" + sharedPort;
    }

    String url() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    Result run(String stdin, String... args) throws IOException, InterruptedException {
        return run(stdin, Map.of(), args);
    }

    /** {@link #run(String, String...)} with {@code settings} added to (or replacing) the platform's. */
    Result run(String stdin, Map<String, String> settings, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("dtaas").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = Map.ofEntries(Map.entry("DTAAS_HOME", home.toString()),
                Map.entry("DTAAS_PORT", Integer.toString(gatewayPort)), Map.entry("LIBRARY_PORT", Integer.toString(libraryPort)),
                Map.entry("WORKSPACE_PORT", Integer.toString(workspacePort)),
                Map.entry("PROVISIONER_PORT", Integer.toString(provisionerPort)), Map.entry("MQTT_PORT", Integer.toString(mqttPort)),
                Map.entry("INFLUXDB_PORT", Integer.toString(influxPort)),
                Map.entry("INFLUXDB_RPC_PORT", Integer.toString(influxRpcPort)),
                Map.entry("RABBITMQ_PORT", Integer.toString(rabbitPort)),
                Map.entry("RABBITMQ_MANAGEMENT_PORT", Integer.toString(rabbitManagementPort)),
                Map.entry("RABBITMQ_DIST_PORT", Integer.toString(rabbitDistPort)),
                Map.entry("DTAAS_SHARED_PORT", Integer.toString(sharedPort)),
                // users' library disks small enough for a test to fill one (the 300 MiB upload still fits)
                Map.entry("DTAAS_USER_DISK_SIZE", "512M"),
                // the services' traffic (twin-aware idleness) read every 2 s instead of 30 s
                Map.entry("DTAAS_TRAFFIC_EVERY", "2s"),
                // up's install step finds the tools where ./dtaas test installed them, instead of installing them again
                Map.entry("DTAAS_TOOLS", System.getProperty("user.home") + "/.cache/dtaas"));
        builder.environment().putAll(env);
        builder.environment().putAll(settings);
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./dtaas " + String.join(" ", args) + " hung:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** Runs a script of system-tests/browser against this platform; its output, to check for "ok: ..." lines. */
    Result browser(String script, Map<String, String> variables) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(ROOT.resolve("system-tests/browser").toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(variables);
        builder.environment().put("BASE_URL", url());
        builder.environment().put("SCREENSHOTS", ROOT.resolve("system-tests/target/screenshots").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " hung:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** Ports handed out in this JVM: a port free now may be handed out again before its service binds it. */
    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    /**
     * A free port never handed out before in this JVM. The kernel can give the same free port twice in
     * a row, and two services of one platform on one port broke a start (InfluxDB took the gateway's).
     */
    static synchronized int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}

package org.dtaas.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dtaas systemd} writes units systemd itself accepts (systemd-analyze verify), with the
 * installation's settings and restarts within seconds, and the command a unit runs really runs the
 * service in the foreground. (No systemd runs on the test machine, so the units are not started.)
 */
class SystemdUnitsTest {

    private static final List<String> UNITS = List.of("dtaas.target", "dtaas-prepare.service", "dtaas-library-service.service",
            "dtaas-workspace-service.service", "dtaas-services-provisioner.service", "dtaas-gateway-service.service");

    @TempDir
    Path temp;

    @Test
    void theUnitsAreValidAndCarryTheInstallationsSettings() throws Exception {
        Path home = temp.resolve("home");
        Path units = temp.resolve("units");
        Result written = dtaas(Map.of("DTAAS_HOME", home.toString(), "DTAAS_PORT", "18123"), "systemd", units.toString());
        assertEquals(0, written.code(), written.output());
        assertTrue(written.output().contains("systemctl enable --now dtaas.target"), written.output());
        for (String unit : UNITS) {
            assertTrue(Files.isRegularFile(units.resolve(unit)), unit + ": " + written.output());
        }
        String workspace = Files.readString(units.resolve("dtaas-workspace-service.service"));
        assertTrue(workspace.contains("ExecStart=" + Launcher.ROOT.resolve("dtaas") + " run workspace-service"), workspace);
        assertTrue(workspace.contains("Restart=always") && workspace.contains("RestartSec=2"), workspace);
        assertTrue(workspace.contains("KillMode=process"), "runs go on through a restart of the service: " + workspace);
        String gateway = Files.readString(units.resolve("dtaas-gateway-service.service"));
        assertTrue(gateway.contains("dtaas-library-service.service") && gateway.contains("KillMode=control-group"), gateway);
        String settings = Files.readString(home.resolve("config/systemd.env"));
        assertTrue(settings.contains("DTAAS_PORT=\"18123\"") && settings.contains("DTAAS_HOME=\"" + home + "\""), settings);
        assertTrue(!settings.contains("DTAAS_USER_DISK_COMMAND"), "decided again at each start: " + settings);

        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        List<String> verify = new java.util.ArrayList<>(List.of(analyze.toString(), "verify", "--man=no"));
        try (var files = Files.list(units)) {
            files.map(Path::toString).sorted().forEach(verify::add);
        }
        Result verified = run(new ProcessBuilder(verify), 60);
        assertEquals(0, verified.code(), verified.output());
    }

    @Test
    void whatAUnitRunsRunsTheServiceInTheForeground() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mosquitto")), "mosquitto is not installed");
        Path home = temp.resolve("home");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Launcher.ROOT.resolve("dtaas").toString(), "run", "mqtt-broker")
                .redirectErrorStream(true).redirectOutput(temp.resolve("broker.log").toFile());
        builder.environment().putAll(Map.of("DTAAS_HOME", home.toString(), "MQTT_PORT", Integer.toString(port),
                "DTAAS_INSTALLATION_ID", "test"));
        Files.createDirectories(home.resolve("run"));
        Process broker = builder.start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!listens(port) && broker.isAlive() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(listens(port), Files.readString(temp.resolve("broker.log")));
            // the shell became the broker (exec): systemd's main process is the service itself
            assertEquals(Long.toString(broker.pid()), Files.readString(home.resolve("run/mqtt-broker.pid")).strip());
            assertTrue(broker.info().command().orElse("").endsWith("mosquitto"), broker.info().toString());
        } finally {
            broker.destroy(); // what systemctl stop sends
            assertTrue(broker.waitFor(20, TimeUnit.SECONDS), "the service ends on TERM");
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    record Result(int code, String output) {
    }

    private static Result dtaas(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Launcher.ROOT.resolve("dtaas").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("DTAAS_"));
        builder.environment().putAll(env);
        return run(builder, 120);
    }

    private static Result run(ProcessBuilder builder, int seconds) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }
}

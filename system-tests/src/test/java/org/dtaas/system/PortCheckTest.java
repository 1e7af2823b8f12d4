package org.dtaas.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dtaas up} refuses before it starts anything when a port of the platform's is taken, including
 * the ports its services open beside the one they are known by (InfluxDB's RPC port: once taken, InfluxDB
 * never came up, and up gave up after 90 s with half a platform running).
 */
class PortCheckTest {

    @TempDir
    Path home;

    @Test
    void upRefusesWhileInfluxDbsRpcPortIsTakenAndStartsNothing() throws Exception {
        assertInfluxDbInstalled();
        Launcher launcher = new Launcher(home);
        try (ServerSocket taken = new ServerSocket(launcher.influxRpcPort, 50, InetAddress.getLoopbackAddress())) {
            Launcher.Result up = upAndDownIfStarted(launcher, Map.of());

            assertNotEquals(0, up.exitCode(), up.output());
            assertTrue(up.output().contains("port " + launcher.influxRpcPort + " (for DTaaS's own influxdb) is in use"), up.output());
            assertTrue(up.output().contains("INFLUXDB_RPC_PORT"), "says which setting moves it: " + up.output());
            assertFalse(up.output().contains("Starting DTaaS"), "refused before anything started: " + up.output());
            assertFalse(Files.exists(home.resolve("run")), "no service was started");
        }
    }

    @Test
    void upRefusesTwoServicesOnOnePort() throws Exception {
        assertInfluxDbInstalled();
        Launcher launcher = new Launcher(home);
        Launcher.Result up = upAndDownIfStarted(launcher, Map.of("INFLUXDB_RPC_PORT", Integer.toString(launcher.mqttPort)));

        assertNotEquals(0, up.exitCode(), up.output());
        assertTrue(up.output().contains("port " + launcher.mqttPort + " is set for both"), up.output());
        assertFalse(up.output().contains("Starting DTaaS"), up.output());
    }

    /** Without it up checks none of InfluxDB's ports: a skip would hide a broken install, as a pass would. */
    private static void assertInfluxDbInstalled() {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/influxd")),
                "influxd is not installed: run scripts/install.sh test ~/.cache/dtaas (./dtaas test does)");
    }

    /** {@code up}, and {@code down} if it started anything: a red run must not leave a platform behind. */
    private static Launcher.Result upAndDownIfStarted(Launcher launcher, Map<String, String> settings) throws Exception {
        Launcher.Result up = launcher.run(null, settings, "up");
        if (Files.isDirectory(launcher.home.resolve("run"))) {
            launcher.run(null, settings, "down");
        }
        return up;
    }
}

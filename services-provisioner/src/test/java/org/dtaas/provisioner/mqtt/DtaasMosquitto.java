package org.dtaas.provisioner.mqtt;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** A real Mosquitto with dynamic security on a free port, set up by the same script as ./dtaas up's. */
public class DtaasMosquitto implements QuarkusTestResourceLifecycleManager {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private Process broker;

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) || Files.isExecutable(Path.of("/usr/bin/mosquitto"));
    }

    @Override
    public Map<String, String> start() {
        if (!installed()) {
            return Map.of();
        }
        try {
            Path folder = Files.createTempDirectory("dtaas-mosquitto");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path passwordFile = folder.resolve("admin-password");
            Process setup = new ProcessBuilder(ROOT.resolve("scripts/mqtt-broker.sh").toString(), folder.resolve("broker").toString(),
                    String.valueOf(port), passwordFile.toString()).redirectErrorStream(true).start();
            String command = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (setup.waitFor() != 0) {
                throw new IllegalStateException("mqtt-broker.sh failed: " + command);
            }
            broker = new ProcessBuilder(Arrays.asList(command.split(" "))).redirectErrorStream(true)
                    .redirectOutput(folder.resolve("mosquitto.log").toFile()).start();
            for (int i = 0; i < 100 && !listening(port); i++) {
                Thread.sleep(50);
            }
            return Map.of("dtaas.services.endpoints.mqtt.url", "mqtt://127.0.0.1:" + port,
                    "dtaas.provisioner.mqtt.admin-password-file", passwordFile.toString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.destroy();
        }
    }
}

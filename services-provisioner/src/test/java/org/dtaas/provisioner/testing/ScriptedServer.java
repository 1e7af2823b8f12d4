package org.dtaas.provisioner.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A real server for a test, set up by the same script {@code ./dtaas up} uses (scripts/), on a free
 * port in a temporary folder: the script prepares it and prints the command that runs it.
 */
public abstract class ScriptedServer implements QuarkusTestResourceLifecycleManager {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private Process server;

    /** The server's program, to tell whether it is installed. */
    protected abstract Path program();

    /** The script in scripts/. */
    protected abstract String script();

    /** The provisioner's settings for a server at {@code port} whose admin secret is in {@code secretFile}. */
    protected abstract Map<String, String> settings(int port, Path secretFile);

    public boolean isInstalled() {
        return Files.isExecutable(program());
    }

    @Override
    public Map<String, String> start() {
        if (!isInstalled()) {
            return Map.of();
        }
        try {
            Path folder = Files.createTempDirectory("dtaas-" + script().replace(".sh", ""));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path secretFile = folder.resolve("admin-secret");
            Process setup = new ProcessBuilder(ROOT.resolve("scripts").resolve(script()).toString(),
                    folder.resolve("server").toString(), String.valueOf(port), secretFile.toString())
                    .redirectErrorStream(true).start();
            String command = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (setup.waitFor() != 0) {
                throw new IllegalStateException(script() + " failed: " + command);
            }
            server = new ProcessBuilder(Arrays.asList(command.split(" "))).redirectErrorStream(true)
                    .redirectOutput(folder.resolve("server.log").toFile()).start();
            for (int i = 0; i < 200 && !listening(port); i++) {
                Thread.sleep(50);
            }
            return settings(port, secretFile);
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
        if (server != null) {
            server.destroy();
        }
    }
}

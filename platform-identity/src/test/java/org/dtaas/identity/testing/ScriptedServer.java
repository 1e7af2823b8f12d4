package org.dtaas.identity.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real server for a test, set up by the same script {@code ./dtaas up} uses (scripts/), on free
 * ports in a temporary folder: the script prepares it and prints the command that runs it. The
 * script's arguments are {@code FOLDER PORT SECRET_FILE [MORE_PORTS...]}.
 * <p>
 * The server is stopped when the test class ends; a server that does not come up fails the test with
 * the end of its log, and a missing program fails it with the install command (scripts/install.sh
 * installs every server the tests use, so a skip would only hide a broken install).
 */
public abstract class ScriptedServer implements QuarkusTestResourceLifecycleManager {

    static final Path ROOT = findRoot();
    private Process server;
    private Path folder;

    /** The server's program, to tell whether it is installed. */
    protected abstract Path program();

    /** The script in scripts/. */
    protected abstract String script();

    /** The settings for a server on {@code ports} (the first is the main one) whose admin secret is in {@code secretFile}. */
    protected abstract Map<String, String> settings(List<Integer> ports, Path secretFile);

    /** How many free ports the script takes (the main one and any further ones). */
    protected int portCount() {
        return 1;
    }

    /** Which of the ports tells that the server is ready once it accepts connections. */
    protected int readyPortIndex() {
        return 0;
    }

    protected Duration startTimeout() {
        return Duration.ofSeconds(20);
    }

    public boolean isInstalled() {
        return Files.isExecutable(program());
    }

    @Override
    public Map<String, String> start() {
        if (!isInstalled()) {
            throw new IllegalStateException(program() + " is not installed: run scripts/install.sh test ~/.cache/dtaas"
                    + " (./dtaas test does)");
        }
        try {
            folder = Files.createTempDirectory("dtaas-" + script().replace(".sh", ""));
            List<Integer> ports = freePorts(portCount());
            Path secretFile = folder.resolve("admin-secret");
            List<String> arguments = new ArrayList<>(List.of(ROOT.resolve("scripts").resolve(script()).toString(),
                    folder.resolve("server").toString(), String.valueOf(ports.get(0)), secretFile.toString()));
            ports.stream().skip(1).map(String::valueOf).forEach(arguments::add);
            Process setup = new ProcessBuilder(arguments).redirectErrorStream(true).start();
            String command = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (setup.waitFor() != 0) {
                throw new IllegalStateException(script() + " failed: " + command);
            }
            Path log = folder.resolve("server.log");
            server = new ProcessBuilder(Arrays.asList(command.split(" "))).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            int readyPort = ports.get(readyPortIndex());
            long deadline = System.nanoTime() + startTimeout().toNanos();
            while (!listening(readyPort)) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(script() + "'s server " + (server.isAlive() ? "did not open port "
                            + readyPort + " within " + startTimeout() : "stopped") + "; its log ends: " + tail(log));
                }
                Thread.sleep(50);
            }
            return settings(ports, secretFile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The folder the server lives in (its script's FOLDER is {@code server} inside). */
    protected Path folder() {
        return folder;
    }

    private static List<Integer> freePorts(int count) throws IOException {
        // all held open together, so the kernel hands out distinct ones
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts").resolve("install.sh"))) {
            dir = dir.getParent();
        }
        return dir != null ? dir : Path.of("..").toAbsolutePath().normalize();
    }

    @Override
    public void stop() {
        if (server == null) {
            return;
        }
        // the started command may be a wrapper (runuser, a shell): its children are the server
        List<ProcessHandle> processes = new ArrayList<>(server.descendants().toList());
        processes.add(server.toHandle());
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (ProcessHandle process : processes) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            process.destroyForcibly();
        }
    }
}

package org.dtaas.workspace.workspaces.local.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One user's network namespace ({@code /run/netns/<installation>-<user>}) and the {@code dtaas-netbridge}
 * that serves it, spoken to over its control socket (in a folder only root opens). The bridge runs on its
 * own (like runs, it outlives this service); whatever this service asked of it is asked again when it
 * had to be started anew. Both are made at first need.
 */
final class NetBridge {

    private static final Logger LOG = Logger.getLogger(NetBridge.class);
    private static final long START_TIMEOUT_MS = 5000;
    /** A bridge whose namespace nobody uses (no program, no forward, no question) this long removes it and ends. */
    private static final String IDLE_EXIT = "120s";

    private final NamespaceNetwork.Settings settings;
    private final String user;
    private final String name;
    private final Path socket;
    /** host port -> namespace port, as this service wants them (tools' ports and published ones). */
    private final Map<Integer, Integer> forwards = new HashMap<>();
    /** namespace port -> host port of what is published. */
    private final Map<Integer, Integer> published = new HashMap<>();
    private boolean staleForwardsClosed;

    NetBridge(NamespaceNetwork.Settings settings, String user) {
        this.settings = settings;
        this.user = user;
        this.name = settings.installation() + "-" + user;
        this.socket = settings.runFolder().resolve(user + ".sock");
    }

    Path namespace() {
        return Path.of("/run/netns", name);
    }

    /** The namespace exists and its bridge answers: made or started when not. */
    synchronized void ensure() throws IOException {
        if (!Files.exists(namespace())) {
            run(List.of("ip", "netns", "add", name));
            run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
            LOG.infof("network namespace %s made for %s", name, user);
        }
        if (ping()) {
            if (!staleForwardsClosed) {
                closeStaleForwards();
            }
            return;
        }
        start();
        for (Map.Entry<Integer, Integer> forward : new ArrayList<>(forwards.entrySet())) {
            try {
                ask("forward " + forward.getValue() + " " + forward.getKey());
            } catch (IOException e) {
                // its host port went to another program meanwhile: that tool or publication is unreachable
                // until it is opened again, the others are not held back
                LOG.warnf("network bridge of %s: %s", user, e.getMessage());
                forwards.remove(forward.getKey());
                published.values().remove(forward.getKey());
            }
        }
        staleForwardsClosed = true; // a new bridge has none
    }

    /** The host's 127.0.0.1:{@code hostPort} (0: any free one) to the namespace's {@code nsPort}; the host port. */
    synchronized int forward(int nsPort, int hostPort) throws IOException {
        ensure();
        int bound = Integer.parseInt(ask("forward " + nsPort + " " + hostPort).substring(3).strip());
        forwards.put(bound, nsPort);
        return bound;
    }

    synchronized void close(int hostPort) {
        forwards.remove(hostPort);
        try {
            ask("close " + hostPort);
        } catch (IOException e) {
            LOG.debugf("bridge of %s: close %d: %s", user, hostPort, e.getMessage());
        }
    }

    /** Asked at every route refresh: a port published before is answered from memory (a restarted bridge gets it again). */
    synchronized int publish(int nsPort) throws IOException {
        Integer hostPort = published.get(nsPort);
        if (hostPort != null && forwards.containsKey(hostPort)) {
            return hostPort;
        }
        int bound = forward(nsPort, 0);
        published.put(nsPort, bound);
        return bound;
    }

    synchronized void closePublished() {
        for (int hostPort : new ArrayList<>(published.values())) {
            close(hostPort);
        }
        published.clear();
    }

    /** Does anything in the namespace take connections to 127.0.0.1:{@code port}? */
    synchronized boolean listening(int port) {
        try {
            // asked every second for each publication: one round trip, unless the bridge must be started again
            try {
                return ask("listening " + port).equals("yes");
            } catch (IOException gone) {
                ensure();
                return ask("listening " + port).equals("yes");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot ask %s's network bridge about port %d: %s", user, port, e.getMessage());
            return false;
        }
    }

    /** A bridge left from before this service started keeps the forwards of tools long gone. */
    private void closeStaleForwards() throws IOException {
        String list = ask("list").substring(2).strip();
        for (String entry : list.isEmpty() ? new String[0] : list.split(" ")) {
            int hostPort = Integer.parseInt(entry.substring(0, entry.indexOf(':')));
            if (!forwards.containsKey(hostPort)) {
                ask("close " + hostPort);
            }
        }
        staleForwardsClosed = true;
    }

    private boolean ping() {
        if (!Files.exists(socket)) {
            return false;
        }
        try {
            return ask("ping").startsWith("ok ");
        } catch (IOException e) {
            return false;
        }
    }

    private void start() throws IOException {
        Path folder = settings.runFolder();
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.deleteIfExists(socket);
        List<String> command = new ArrayList<>(List.of("/usr/bin/setsid", "-f", settings.bridge().toString(),
                "--netns", namespace().toString(), "--control", socket.toString(), "--idle-exit", IDLE_EXIT));
        for (String service : settings.services()) {
            command.addAll(List.of("--out", service));
        }
        if (settings.proxyPort() > 0) {
            command.addAll(List.of("--proxy", Integer.toString(settings.proxyPort())));
            for (String cidr : settings.proxyAllow()) {
                command.addAll(List.of("--proxy-allow", cidr));
            }
        }
        Path log = folder.resolve(user + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        waitFor(process, "setsid " + settings.bridge());
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!ping()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("the network bridge of " + user + " did not start; see " + log);
            }
            sleep();
        }
        LOG.infof("network bridge of %s started (%s)", user, ask("ping"));
    }

    /** One command on the control socket; its answer ("ok ...", "yes", "no"), or an IOException for "error ...". */
    private String ask(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.shutdownOutput();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
                // until the bridge closes
            }
            String answer = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            if (answer.isEmpty() || answer.startsWith("error")) {
                throw new IOException("network bridge of " + user + ": " + command + ": "
                        + (answer.isEmpty() ? "no answer" : answer));
            }
            return answer;
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        waitFor(process, String.join(" ", command) + (output.isEmpty() ? "" : ": " + output));
    }

    private static void waitFor(Process process, String what) throws IOException {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IOException(what + " failed (exit " + process.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + what, e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }
}

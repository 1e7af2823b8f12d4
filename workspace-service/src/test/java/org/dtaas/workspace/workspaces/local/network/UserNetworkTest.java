package org.dtaas.workspace.workspaces.local.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.dtaas.files.UnixAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Assumptions;

/**
 * Users' networks as attacks see them, with real namespaces and the real bridge: from inside, another
 * user's tool, a platform-internal port and the host's own addresses through the proxy are out of reach;
 * a platform service users may use is reachable at its host address; a port counts as the user's only
 * when something in their namespace listens there; a killed bridge comes back with its forwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserNetworkTest {

    private static final Path BRIDGE = Path.of(System.getProperty("user.home"), ".cache/dtaas/bin/dtaas-netbridge");

    private final String installation = "dtaas-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> started = new ArrayList<>();
    private ServerSocket internal; // a platform-internal port (the library-service, say)
    private ServerSocket service; // a platform service users may use (the broker, say)
    private NamespaceNetwork network;

    @BeforeAll
    void setUp() throws IOException {
        Assumptions.assumeTrue(UnixAccounts.runsAsRoot(), "network namespaces need root");
        assertTrue(Files.isExecutable(BRIDGE), BRIDGE + " is missing: scripts/install.sh test ~/.cache/dtaas builds it");
        internal = answering("internal secret");
        service = answering("broker hello");
        network = new NamespaceNetwork(new NamespaceNetwork.Settings(BRIDGE, installation, Path.of("/run/dtaas", installation),
                List.of(service.getLocalPort() + "=127.0.0.1:" + service.getLocalPort()), 3128, List.of()));
    }

    @AfterAll
    void tearDown() throws Exception {
        started.forEach(Process::destroyForcibly);
        if (network == null) {
            return;
        }
        for (String user : List.of("alice", "bob", "carol")) {
            Path socket = Path.of("/run/dtaas", installation, user + ".sock");
            new ProcessBuilder("pkill", "-f", "--", "--control " + socket).start().waitFor(5, TimeUnit.SECONDS);
            new ProcessBuilder("ip", "netns", "delete", installation + "-" + user).start().waitFor(5, TimeUnit.SECONDS);
        }
        internal.close();
        service.close();
    }

    @Test
    void theGatewayReachesAToolInsideAndNobodyElseDoes() throws Exception {
        int port = freePort();
        network.expose("alice", port);
        serveInside("alice", "127.0.0.1", port);
        assertTrue(eventually(() -> httpStatus(port) == 200), "alice's tool through her bridge");
        assertTrue(network.owns("alice", port, List.of()));
        assertFalse(network.owns("bob", port, List.of()), "nothing of bob's listens there");
        assertNotEquals(0, inside("bob", connectTo(port)).exit, "bob's code reaches alice's tool");
    }

    @Test
    void internalPortsOfTheHostAreOutOfReach() throws Exception {
        Result result = inside("alice", connectTo(internal.getLocalPort()));
        assertNotEquals(0, result.exit, "the host's internal port answered inside: " + result.output);
        assertFalse(result.output.contains("internal secret"));
    }

    @Test
    void aPlatformServiceAnswersAtItsHostAddress() throws Exception {
        Result result = inside("alice", connectTo(service.getLocalPort()));
        assertEquals(0, result.exit, result.output);
        assertTrue(result.output.contains("broker hello"), result.output);
    }

    @Test
    void theProxyReachesNoLoopbackAndNoOwnAddress() throws Exception {
        String own = InetAddress.getLocalHost().getHostAddress();
        for (String target : List.of("127.0.0.1:" + internal.getLocalPort(), "localhost:" + internal.getLocalPort(),
                own + ":" + internal.getLocalPort(), "10.0.0.1:80", "169.254.169.254:80", "[::1]:" + internal.getLocalPort())) {
            Result result = inside("alice", """
                    import socket
                    s = socket.create_connection(("127.0.0.1", 3128), timeout=5)
                    s.sendall(b"CONNECT %s HTTP/1.1\\r\\nHost: %s\\r\\n\\r\\n")
                    print(s.recv(200).decode().splitlines()[0])
                    """.formatted(target, target));
            assertTrue(result.output.contains(" 403 "), target + " through the proxy: " + result.output);
        }
        Result plain = inside("alice", """
                import socket
                s = socket.create_connection(("127.0.0.1", 3128), timeout=5)
                s.sendall(b"GET http://127.0.0.1:%d/ HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n")
                print(s.recv(200).decode().splitlines()[0])
                """.formatted(internal.getLocalPort()));
        assertTrue(plain.output.contains(" 403 "), plain.output);
    }

    @Test
    void aListenerOnAnotherLoopbackAddressIsNotAPublishablePort() throws Exception {
        int port = freePort();
        serveInside("alice", "::1", port);
        Thread.sleep(500);
        assertFalse(network.owns("alice", port, List.of()), "[::1] is not where the bridge connects");
    }

    @Test
    void aPublishedPortGetsAHostPortOfItsOwnAndClosesOnRelease() throws Exception {
        int port = freePort();
        serveInside("bob", "127.0.0.1", port);
        assertTrue(eventually(() -> network.owns("bob", port, List.of())));
        int hostPort = network.publish("bob", port);
        assertEquals(hostPort, network.publish("bob", port), "asked again: the same");
        assertEquals(200, httpStatus(hostPort));
        network.release("bob");
        assertEquals(-1, httpStatus(hostPort));
    }

    @Test
    void aKilledBridgeComesBackWithItsForwards() throws Exception {
        int port = freePort();
        network.expose("alice", port);
        serveInside("alice", "127.0.0.1", port);
        assertTrue(eventually(() -> httpStatus(port) == 200));
        new ProcessBuilder("pkill", "-9", "-f", "--", "--control /run/dtaas/" + installation + "/alice.sock").start().waitFor();
        assertTrue(eventually(() -> httpStatus(port) == -1), "the bridge is gone");
        network.enter("alice", List.of("true")); // the next use starts it again
        assertTrue(eventually(() -> httpStatus(port) == 200), "the tool is reachable again");
        assertEquals(0, inside("alice", connectTo(service.getLocalPort())).exit, "and the services too");
    }

    @Test
    void aForwardWhoseHostPortWasTakenMeanwhileDoesNotHoldBackTheOthers() throws Exception {
        int lost = freePort();
        int kept = freePort();
        network.expose("bob", lost);
        network.expose("bob", kept);
        serveInside("bob", "127.0.0.1", kept);
        assertTrue(eventually(() -> httpStatus(kept) == 200));
        new ProcessBuilder("pkill", "-9", "-f", "--", "--control /run/dtaas/" + installation + "/bob.sock").start().waitFor();
        assertTrue(eventually(() -> httpStatus(kept) == -1), "the bridge is gone");
        try (ServerSocket squatter = new ServerSocket(lost, 1, InetAddress.getLoopbackAddress())) {
            network.enter("bob", List.of("true")); // started again: one of its ports is another program's now
            assertTrue(eventually(() -> httpStatus(kept) == 200), "the other tool is reachable again");
        }
    }

    @Test
    void aProgramThatStopsAcceptingDoesNotHoldBackTheUsersOtherTools() throws Exception {
        int stuck = freePort();
        int tool = freePort();
        network.expose("carol", tool);
        serveInside("carol", "127.0.0.1", tool);
        // listens but never accepts: once its queue is full, the kernel drops further handshakes to it
        started.add(new ProcessBuilder(network.enter("carol", List.of("python3", "-c",
                "import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', %d))\ns.listen(0)\ntime.sleep(600)"
                        .formatted(stuck)))).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        assertTrue(eventually(() -> httpStatus(tool) == 200), "carol's tool through her bridge");
        assertTrue(eventually(() -> network.owns("carol", stuck, List.of())), "the stuck program listens");
        int published = network.publish("carol", stuck); // a twin's server: anybody may open connections to it
        List<Socket> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) { // the bridge takes each at once and waits on its way in
                waiting.add(new Socket(InetAddress.getLoopbackAddress(), published));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(200, httpStatus(tool), "the tool answers while 16 connections wait for the stuck program");
            }
        } finally {
            for (Socket socket : waiting) {
                socket.close();
            }
        }
    }

    private record Result(int exit, String output) {
    }

    private Result inside(String user, String python) throws Exception {
        Process process = new ProcessBuilder(network.enter(user, List.of("python3", "-c", python))).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private void serveInside(String user, String address, int port) throws IOException {
        started.add(new ProcessBuilder(network.enter(user, List.of("python3", "-m", "http.server", "--bind", address,
                Integer.toString(port)))).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    private static String connectTo(int port) {
        return """
                import socket
                s = socket.create_connection(("127.0.0.1", %d), timeout=3)
                print(s.recv(100).decode())
                """.formatted(port);
    }

    /** A server on the host's loopback that greets each connection. */
    private static ServerSocket answering(String greeting) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                    out.write(greeting.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The HTTP status of GET / on the host's loopback, -1 when nothing answers. */
    private static int httpStatus(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(3000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean eventually(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}

package org.dtaas.workspace.published;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What /proc/net/tcp tells about a port: who listens on it, and whether anyone is connected to it. */
class ListeningPortsTest {

    @Test
    void aPortIsListenedOnByThisProcessAndConnectedWhileAClientIsThere() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            assertTrue(ListeningPorts.listening(port));
            assertTrue(ListeningPorts.ownedBy(port, List.of(ProcessHandle.current())));
            assertFalse(ListeningPorts.connectedFromElsewhere(port), "nobody connected yet");
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port); Socket accepted = server.accept()) {
                assertFalse(ListeningPorts.connectedFromElsewhere(port), "this process's own connection (a probe) is not use");
            }
            // another process connects, as the gateway does for a desktop viewer
            Process viewer = new ProcessBuilder("python3", "-c", "import socket,time; s=socket.create_connection(('127.0.0.1',"
                    + port + ")); time.sleep(30)").start();
            try (Socket accepted = server.accept()) {
                assertTrue(ListeningPorts.connectedFromElsewhere(port), "a viewer is connected");
                viewer.destroy();
                viewer.waitFor();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (ListeningPorts.connectedFromElsewhere(port) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            assertFalse(ListeningPorts.connectedFromElsewhere(port), "the viewer left");
        }
    }

    /** A user's server on another loopback address than the gateway connects to proves nothing. */
    @Test
    void aListenerOnAnotherLoopbackAddressDoesNotMakeSomeoneElsesPortTheUsers() throws Exception {
        // someone else's private server (this JVM) on 127.0.0.1:P ...
        try (ServerSocket theirs = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = theirs.getLocalPort();
            for (String address : List.of("127.0.0.2", "::1")) {
                // ... and the user's (a child process) on the same port of another address
                Process user = new ProcessBuilder("python3", "-c", "import socket,sys,time; s=socket.socket(socket.AF_INET6 if ':' in sys.argv[1]"
                        + " else socket.AF_INET); s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(); print('up', flush=True);"
                        + " time.sleep(30)", address, String.valueOf(port)).start();
                try {
                    assertTrue(new String(user.getInputStream().readNBytes(2)).equals("up"), "the user's server did not start");
                    assertFalse(ListeningPorts.ownedBy(port, List.of(user.toHandle())), "published someone else's 127.0.0.1:" + port
                            + " with a listener on " + address);
                } finally {
                    user.destroy();
                    user.waitFor();
                }
            }
        }
        // the user's own server on 127.0.0.1 is theirs
        Process user = new ProcessBuilder("python3", "-c", "import socket,time; s=socket.socket(); s.bind(('127.0.0.1', 0)); s.listen();"
                + " print(s.getsockname()[1], flush=True); time.sleep(30)").start();
        try {
            int port = Integer.parseInt(new java.io.BufferedReader(new java.io.InputStreamReader(user.getInputStream())).readLine().strip());
            assertTrue(ListeningPorts.ownedBy(port, List.of(user.toHandle())));
        } finally {
            user.destroy();
            user.waitFor();
        }
    }
}

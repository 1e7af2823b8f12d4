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
}

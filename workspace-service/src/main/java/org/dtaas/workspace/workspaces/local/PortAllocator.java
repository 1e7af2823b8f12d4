package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.workspace.workspaces.local.network.UserNetwork;

/**
 * Free loopback ports for tools, and X display numbers for desktops. A port is asked from the kernel;
 * what a workspace holds is remembered until it releases its lease, so two workspaces starting at once
 * never get the same port or display. With a network namespace per user, the tool listens on its port
 * inside and the user's bridge on the same port of the host's loopback, where the gateway connects.
 */
final class PortAllocator {

    private static final int FIRST_DISPLAY = 100;

    private final Set<Integer> taken = ConcurrentHashMap.newKeySet();
    private final Set<Integer> displays = ConcurrentHashMap.newKeySet();

    /** {@code network}: where the user's tools listen; each port leased is opened to the host there. */
    Lease lease(String user, UserNetwork network) {
        return new Lease(user, network);
    }

    /** The ports and displays of one workspace. */
    final class Lease {
        private final String user;
        private final UserNetwork network;
        private final Set<Integer> ports = new HashSet<>();
        private final Set<Integer> myDisplays = new HashSet<>();

        private Lease(String user, UserNetwork network) {
            this.user = user;
            this.network = network;
        }

        synchronized int port() {
            for (int attempt = 0; attempt < 50; attempt++) {
                int port;
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = socket.getLocalPort();
                } catch (IOException e) {
                    throw new UncheckedIOException("no free port on 127.0.0.1", e);
                }
                if (taken.add(port)) {
                    ports.add(port);
                    try {
                        network.expose(user, port);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open port " + port + " of " + user + "'s network: "
                                + e.getMessage(), e);
                    }
                    return port;
                }
            }
            throw new IllegalStateException("no free port on 127.0.0.1");
        }

        synchronized int display() {
            for (int display = FIRST_DISPLAY; ; display++) {
                if (displays.add(display)) {
                    myDisplays.add(display);
                    return display;
                }
            }
        }

        synchronized void release() {
            ports.forEach(port -> network.unexpose(user, port));
            network.release(user); // what was published ends with the workspace
            taken.removeAll(ports);
            displays.removeAll(myDisplays);
            ports.clear();
            myDisplays.clear();
        }
    }
}

package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports for tools, and X display numbers for desktops. A port is asked from the kernel;
 * what a workspace holds is remembered until it releases its lease, so two workspaces starting at once
 * never get the same port or display.
 */
final class PortAllocator {

    private static final int FIRST_DISPLAY = 100;

    private final Set<Integer> taken = ConcurrentHashMap.newKeySet();
    private final Set<Integer> displays = ConcurrentHashMap.newKeySet();

    Lease lease() {
        return new Lease();
    }

    /** The ports and displays of one workspace. */
    final class Lease {
        private final Set<Integer> ports = new HashSet<>();
        private final Set<Integer> myDisplays = new HashSet<>();

        synchronized int port() {
            for (int attempt = 0; attempt < 50; attempt++) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    int port = socket.getLocalPort();
                    if (taken.add(port)) {
                        ports.add(port);
                        return port;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("no free port on 127.0.0.1", e);
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
            taken.removeAll(ports);
            displays.removeAll(myDisplays);
            ports.clear();
            myDisplays.clear();
        }
    }
}

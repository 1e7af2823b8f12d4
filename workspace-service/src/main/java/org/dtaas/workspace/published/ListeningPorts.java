package org.dtaas.workspace.published;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which process listens on a loopback port, read from Linux's /proc: the listening sockets of
 * {@code /proc/net/tcp}/{@code tcp6} and the socket inodes each process holds. A user may publish
 * only a port that one of their own workspace's (or runs') processes listens on, never another
 * user's tool or a platform service. What counts is who answers {@code 127.0.0.1:<port>}, where the
 * gateway connects: every listener that can take such a connection (bound to 127.0.0.1, 0.0.0.0, ::
 * or ::ffff:127.0.0.1) must be the user's — a listener of theirs on 127.0.0.2 or ::1 proves nothing.
 */
public final class ListeningPorts {

    /** /proc/net/tcp's socket states. */
    private static final long ESTABLISHED = 0x01;
    private static final long LISTEN = 0x0A;

    private ListeningPorts() {
    }

    /** Local addresses (as /proc/net/tcp{,6} spell them) whose listeners take connections to 127.0.0.1. */
    private static final Set<String> REACHED_BY_LOOPBACK = Set.of("0100007F", "00000000",
            "00000000000000000000000000000000", "0000000000000000FFFF00000100007F");

    /**
     * Do {@code processes} (or their descendants) hold every listener that a connection to
     * 127.0.0.1:{@code port} can reach — and is there at least one?
     */
    public static boolean ownedBy(int port, Collection<ProcessHandle> processes) {
        Set<Long> answering = new HashSet<>();
        for (Socket socket : table()) {
            if (socket.localPort() == port && socket.state() == LISTEN && REACHED_BY_LOOPBACK.contains(socket.localAddress())) {
                answering.add(socket.inode());
            }
        }
        if (answering.isEmpty()) {
            return false;
        }
        Set<Long> held = new HashSet<>();
        processes.stream().flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .forEach(p -> held.addAll(socketInodesOf(p.pid())));
        return held.containsAll(answering);
    }

    /** Is anything listening on {@code port} at all? */
    public static boolean listening(int port) {
        return !listeningInodes(port).isEmpty();
    }

    /**
     * Has a local server on {@code port} a connection open now from another process (e.g. a browser's
     * WebSocket through the gateway)? This service's own connections (its health probes, kept alive in
     * its HTTP client's pool) do not count.
     */
    public static boolean connectedFromElsewhere(int port) {
        List<Socket> table = table();
        Set<Long> ours = socketInodesOf(ProcessHandle.current().pid());
        for (Socket server : table) {
            if (server.localPort() != port || server.state() != ESTABLISHED) {
                continue;
            }
            boolean fromUs = table.stream().anyMatch(client -> client.localPort() == server.remotePort()
                    && client.remotePort() == port && ours.contains(client.inode()));
            if (!fromUs) {
                return true;
            }
        }
        return false;
    }

    /** One TCP socket of /proc/net/tcp{,6}: the local address in the table's hex spelling. */
    private record Socket(String localAddress, int localPort, int remotePort, long state, long inode) {
    }

    /** Every TCP socket of the machine. */
    private static List<Socket> table() {
        List<Socket> rows = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].contains(":") && f[2].contains(":")) {
                        int colon = f[1].lastIndexOf(':');
                        rows.add(new Socket(f[1].substring(0, colon), Integer.parseInt(f[1].substring(colon + 1), 16),
                                Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1), 16), Long.parseLong(f[3], 16),
                                Long.parseLong(f[9])));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no IPv6 table, or the header line: skip it
            }
        }
        return rows;
    }

    private static Set<Long> socketInodesOf(long pid) {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | NumberFormatException e) {
                    // the descriptor closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended or is not ours to look into
        }
        return inodes;
    }

    static Set<Long> listeningInodes(int port) {
        Set<Long> inodes = new HashSet<>();
        for (Socket socket : table()) {
            if (socket.localPort() == port && socket.state() == LISTEN) {
                inodes.add(socket.inode());
            }
        }
        return inodes;
    }
}

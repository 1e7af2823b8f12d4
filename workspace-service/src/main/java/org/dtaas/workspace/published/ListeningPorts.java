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
 * user's tool or a platform service.
 */
public final class ListeningPorts {

    /** /proc/net/tcp's socket states. */
    private static final long ESTABLISHED = 0x01;
    private static final long LISTEN = 0x0A;

    private ListeningPorts() {
    }

    /** Is {@code port} listened on by one of {@code processes} (or their descendants)? */
    public static boolean ownedBy(int port, Collection<ProcessHandle> processes) {
        Set<Long> inodes = listeningInodes(port);
        if (inodes.isEmpty()) {
            return false;
        }
        return processes.stream().flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .anyMatch(p -> holdsAny(p.pid(), inodes));
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
        List<long[]> table = table(); // {localPort, remotePort, state, inode}
        Set<Long> ours = socketInodesOf(ProcessHandle.current().pid());
        for (long[] server : table) {
            if (server[0] != port || server[2] != ESTABLISHED) {
                continue;
            }
            boolean fromUs = table.stream().anyMatch(client -> client[0] == server[1] && client[1] == port
                    && ours.contains(client[3]));
            if (!fromUs) {
                return true;
            }
        }
        return false;
    }

    /** Every TCP socket of the machine as {localPort, remotePort, state, inode}. */
    private static List<long[]> table() {
        List<long[]> rows = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].contains(":") && f[2].contains(":")) {
                        rows.add(new long[] {Long.parseLong(f[1].substring(f[1].lastIndexOf(':') + 1), 16),
                            Long.parseLong(f[2].substring(f[2].lastIndexOf(':') + 1), 16), Long.parseLong(f[3], 16),
                            Long.parseLong(f[9])});
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
        for (long[] socket : table()) {
            if (socket[0] == port && socket[2] == LISTEN) {
                inodes.add(socket[3]);
            }
        }
        return inodes;
    }

    private static boolean holdsAny(long pid, Set<Long> inodes) {
        return socketInodesOf(pid).stream().anyMatch(inodes::contains);
    }
}

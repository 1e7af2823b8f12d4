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

    private static final String LISTEN = "0A";

    private ListeningPorts() {
    }

    /** Is {@code port} listened on by one of {@code processes} (or their descendants)? */
    public static boolean ownedBy(int port, Collection<ProcessHandle> processes) {
        Set<String> inodes = listeningInodes(port);
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

    static Set<String> listeningInodes(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (f.length > 9 && f[1].contains(":") && f[3].equals(LISTEN)
                            && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no IPv6 table, or a line we do not understand: skip it
            }
        }
        return inodes;
    }

    private static boolean holdsAny(long pid, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException e) {
                    // the descriptor closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended or is not ours to look into
        }
        return false;
    }
}

package org.dtaas.gateway.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.gateway.config.WatchedFile;

/**
 * Session ids signed out before their cookie expires, shared by every gateway replica through one
 * small file in DTAAS_HOME (which the replicas share): {@code <id> <until-millis>} a line, rewritten
 * under a file lock with the expired lines dropped, re-read within a second by the other replicas.
 * Without a file (unit tests) the list is this process's only.
 */
final class RevokedSessions {

    private final Path file;
    private final WatchedFile<Map<String, Long>> shared;
    private final Map<String, Long> local = new ConcurrentHashMap<>();

    RevokedSessions(Path file, long checkIntervalMillis) {
        this.file = file;
        this.shared = file == null ? null : new WatchedFile<>(file, RevokedSessions::parse, checkIntervalMillis);
    }

    boolean isRevoked(String id) {
        return local.containsKey(id) || (shared != null && shared.get().containsKey(id));
    }

    void revoke(String id, long until) {
        local.put(id, until);
        if (file != null) {
            write(id, until);
        }
    }

    void forgetExpired(long now) {
        local.values().removeIf(until -> until < now);
    }

    private void write(String id, long until) {
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                long now = System.currentTimeMillis();
                Map<String, Long> entries = new HashMap<>(Files.exists(file) ? parse(Files.readAllLines(file)) : Map.of());
                entries.values().removeIf(expiry -> expiry < now);
                entries.put(id, until);
                Path temp = Files.createTempFile(file.getParent(), ".revoked", ".tmp");
                Files.write(temp, entries.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // this replica refuses the session anyway; the others learn of it only through the file
            throw new UncheckedIOException("cannot record the sign-out in " + file, e);
        }
    }

    private static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> entries = new HashMap<>();
        long now = System.currentTimeMillis();
        for (String line : lines) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2) {
                try {
                    long until = Long.parseLong(parts[1]);
                    if (until >= now) {
                        entries.put(parts[0], until);
                    }
                } catch (NumberFormatException e) {
                    // a damaged line: skip it, the others still count
                }
            }
        }
        return Map.copyOf(entries);
    }
}

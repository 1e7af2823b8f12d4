package org.dtaas.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Function;

/**
 * A small text file parsed into a value and parsed again when it changes on disk. The check is a
 * stat at most once per interval, so a hot path can call {@link #get()} on every request. Admins
 * edit these files by hand ({@code htpasswd -B}), so no restart is needed to apply a change.
 */
public final class WatchedFile<T> {

    private final Path path;
    private final Function<List<String>, T> parser;
    private final long checkIntervalNanos;
    private volatile Snapshot<T> snapshot;

    private record Snapshot<T>(T value, Object fileKey, long modified, long size, long checkedAt) {
    }

    public WatchedFile(Path path, Function<List<String>, T> parser, long checkIntervalMillis) {
        this.path = path;
        this.parser = parser;
        this.checkIntervalNanos = checkIntervalMillis * 1_000_000L;
    }

    public T get() {
        Snapshot<T> current = snapshot;
        long now = System.nanoTime();
        if (current != null && now - current.checkedAt() < checkIntervalNanos) {
            return current.value();
        }
        synchronized (this) {
            current = snapshot;
            if (current != null && now - current.checkedAt() < checkIntervalNanos) {
                return current.value();
            }
            snapshot = reloadIfChanged(current, now);
            return snapshot.value();
        }
    }

    private Snapshot<T> reloadIfChanged(Snapshot<T> current, long now) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            long modified = attributes.lastModifiedTime().toMillis();
            if (current != null && modified == current.modified() && attributes.size() == current.size()
                    && java.util.Objects.equals(attributes.fileKey(), current.fileKey())) {
                return new Snapshot<>(current.value(), current.fileKey(), modified, current.size(), now);
            }
            T value = parser.apply(Files.readAllLines(path));
            return new Snapshot<>(value, attributes.fileKey(), modified, attributes.size(), now);
        } catch (NoSuchFileException e) {
            return new Snapshot<>(parser.apply(List.of()), null, -1, -1, now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}

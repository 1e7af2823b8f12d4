package org.dtaas.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Lines of a platform's log for a failed test's message: what happened on the other side. */
final class LogLines {

    private LogLines() {
    }

    /** The lines of {@code log} that name {@code what}. */
    static String about(Path log, String what) {
        return String.join("\n", matching(log, line -> line.contains(what)));
    }

    /** The last {@code count} lines of {@code log} that {@code keep} keeps. */
    static String last(Path log, int count, Predicate<String> keep) {
        List<String> kept = matching(log, keep);
        return String.join("\n", kept.subList(Math.max(0, kept.size() - count), kept.size()));
    }

    private static List<String> matching(Path log, Predicate<String> keep) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(keep).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of("(" + log + " not readable: " + e + ")");
        }
    }
}

package org.dtaas.workspace.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The output of one run: appended to {@code <logs>/<run id>.log} as it comes and handed to live
 * followers at the same moment. A log above its cap keeps its newest half, behind a line that says
 * how much was dropped. Appending, following and ending share one lock, so a follower that joins
 * gets everything written before it joined from the file and everything after from the live feed,
 * nothing twice and nothing lost.
 */
public final class RunLog {

    /** Receives the log as it grows. */
    public interface Follower {
        void text(String text);

        void ended();
    }

    private static final int READ_CHUNK = 64 * 1024;

    private final Path file;
    private final long maxBytes;
    private final List<Follower> followers = new ArrayList<>();
    private java.io.OutputStream out;
    private long size;
    private boolean ended;
    private String outputLost;
    private java.util.function.Consumer<String> whenOutputLost;

    RunLog(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(file.getParent());
            this.size = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void append(String text) {
        if (ended || text.isEmpty()) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (size + bytes.length > maxBytes) {
                keepTail(bytes.length);
            }
            if (out == null) {
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write(bytes); // unbuffered: a reader of the file sees it at once
            size += bytes.length;
        } catch (IOException e) {
            // followers still see the output; the run is told (it is stopped: what it prints is lost)
            notWritten(e);
        }
        for (Follower follower : List.copyOf(followers)) {
            follower.text(text);
        }
    }

    /**
     * {@code reaction} gets why, once, when the run's output is being lost (this log cannot be written,
     * or the program's output disk is full): at once when that happened already. It is called under this
     * log's lock: it must hand the work to another thread.
     */
    public synchronized void whenOutputLost(java.util.function.Consumer<String> reaction) {
        whenOutputLost = reaction;
        if (outputLost != null) {
            reaction.accept(outputLost);
        }
    }

    /** The run's output cannot be kept, {@code why} (a clause: "the disk … is full, so …"). */
    public synchronized void outputLost(String why) {
        if (outputLost != null) {
            return;
        }
        outputLost = why;
        if (whenOutputLost != null) {
            whenOutputLost.accept(why);
        }
    }

    private void notWritten(IOException e) {
        outputLost("its log could not be written in " + file.getParent() + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "), so its output would be"
                + " lost; an admin must free space there, then run the phase again");
    }

    /** No more output: followers are told, later followers get the file and the end at once. */
    public synchronized void end() {
        ended = true;
        closeFile();
        for (Follower follower : List.copyOf(followers)) {
            follower.ended();
        }
        followers.clear();
    }

    /**
     * Sends what is written so far to {@code follower} (in pieces of at most 64 Ki characters), then
     * what comes; returns how to stop following.
     */
    public synchronized Runnable follow(Follower follower) {
        replay(follower::text);
        if (ended) {
            follower.ended();
            return () -> { };
        }
        followers.add(follower);
        return () -> {
            synchronized (this) {
                followers.remove(follower);
            }
        };
    }

    /**
     * The stored text, in pieces (a whole log is never held in memory). Not under the lock: a
     * download to a slow client must not hold up the run writing its output. Appends only add to
     * the file, and when the log is cut to its tail the file is replaced by a rename, so a reader
     * finishes the version it opened. {@link #follow} calls it under the lock, where it must be exact.
     */
    public void replay(Consumer<String> chunk) {
        if (!Files.exists(file)) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            java.io.Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8);
            char[] buffer = new char[READ_CHUNK];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                chunk.accept(new String(buffer, 0, n));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return file;
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more will be written
            }
            out = null;
        }
    }

    /** Drops the older half (whole lines) so that {@code incoming} more bytes fit under the cap. */
    private void keepTail(int incoming) throws IOException {
        closeFile();
        long keep = Math.max(0, Math.min(size, maxBytes / 2 - incoming));
        Path rewritten = file.resolveSibling(file.getFileName() + ".tail");
        try (RandomAccessFile source = new RandomAccessFile(file.toFile(), "r")) {
            long from = size - keep;
            source.seek(from);
            // start at a line boundary so no line (or UTF-8 character) is cut in half
            if (from > 0) {
                int b;
                while ((b = source.read()) >= 0 && b != '\n') {
                    from++;
                }
                from++;
            }
            String notice = "[… earlier output dropped: this log keeps its newest " + (maxBytes / 2) + " bytes …]\n";
            try (var out = Files.newOutputStream(rewritten)) {
                out.write(notice.getBytes(StandardCharsets.UTF_8));
                byte[] buffer = new byte[READ_CHUNK];
                for (int n; (n = source.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
            }
        }
        Files.move(rewritten, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        size = Files.size(file);
    }
}

package org.dtaas.workspace.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.dtaas.workspace.process.ProcessGroups;
import org.jboss.logging.Logger;

/**
 * A local run that does not depend on the workspace-service (the role conmon plays for containers): a
 * small monitor shell, leader of its own session, starts the program with its output appended to the
 * run's {@code <id>.out} file and writes the exit code to {@code <id>.exit} when it ends. The service
 * only follows those files: it copies new output into the run's log (remembering how far in
 * {@code <id>.read}, so a restarted service goes on from there) and reports the end when the exit file
 * appears. Killing or upgrading the service leaves the run going; the next start follows it again.
 */
final class MonitoredRun implements PhaseExecution {

    private static final Logger LOG = Logger.getLogger(MonitoredRun.class);
    /** New output is looked for often while it flows (a live log stays live), less often when the run is quiet. */
    private static final long POLL_MIN_MILLIS = 10;
    private static final long POLL_MAX_MILLIS = 200;
    private static final int CHUNK = 64 * 1024;
    /** Output already copied into the log is given back to the disk (the file keeps its offsets). */
    private static final long RELEASE_EVERY = 8L * 1024 * 1024;

    /**
     * The monitor: signals end only the program (TERM is passed on by the group signal, the monitor
     * keeps waiting), then the exit code is written by a rename so it is never read half written.
     */
    static final String MONITOR = """
            out=$1 status=$2; shift 2
            trap : TERM INT HUP
            "$@" </dev/null >>"$out" 2>&1 &
            child=$!
            while :; do
              wait "$child"; code=$?
              kill -0 "$child" 2>/dev/null || break
            done
            printf '%s\\n' "$code" >"$status.tmp" && mv -f "$status.tmp" "$status"
            """;

    private final ProcessHandle monitor;
    private final Long monitorStartedAt;
    private final Path out;
    private final Path exit;
    private final Path read;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private volatile boolean detached;
    private volatile Integer exitCode;
    private long offset;
    private long released;

    private MonitoredRun(ProcessHandle monitor, Long monitorStartedAt, Path logFile, long offset) {
        this.monitor = monitor;
        this.monitorStartedAt = monitorStartedAt;
        String id = logFile.getFileName().toString().replaceFirst("\\.log$", "");
        this.out = logFile.resolveSibling(id + ".out");
        this.exit = logFile.resolveSibling(id + ".exit");
        this.read = logFile.resolveSibling(id + ".read");
        this.offset = offset;
        this.released = offset;
    }

    /** Starts {@code command} under a monitor; its output goes to {@code log}. */
    static MonitoredRun start(List<String> command, Path workingDirectory, Map<String, String> environment, RunLog log,
            ExecutorService pumps) throws IOException {
        Path logFile = log.file();
        String id = logFile.getFileName().toString().replaceFirst("\\.log$", "");
        Path out = logFile.resolveSibling(id + ".out");
        Files.createDirectories(logFile.getParent());
        Files.deleteIfExists(logFile.resolveSibling(id + ".exit"));
        Files.write(out, new byte[0]);
        List<String> monitored = new java.util.ArrayList<>(List.of("/bin/sh", "-c", MONITOR, "dtaas-run-monitor",
                out.toString(), logFile.resolveSibling(id + ".exit").toString()));
        monitored.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(ProcessGroups.command(monitored)).directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                // nothing of the monitor's own goes through a pipe of the service: a pipe would die with it
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(out.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        ProcessHandle monitor = builder.start().toHandle();
        MonitoredRun run = new MonitoredRun(monitor, ProcessGroups.startMillis(monitor), logFile, 0);
        pumps.execute(() -> run.follow(log));
        return run;
    }

    /**
     * Follows a monitored run that went on while the service was away; empty when {@code logFile} has
     * no monitor's output beside it, or its monitor is gone without an exit code.
     */
    static Optional<MonitoredRun> reattach(long pid, Long startedAt, RunLog log, ExecutorService pumps) {
        Path logFile = log.file();
        String id = logFile.getFileName().toString().replaceFirst("\\.log$", "");
        if (!Files.exists(logFile.resolveSibling(id + ".out"))) {
            return Optional.empty();
        }
        Optional<ProcessHandle> monitor = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> startedAt == null || p.info().startInstant()
                        .map(start -> Math.abs(start.toEpochMilli() - startedAt) < 1000).orElse(false));
        boolean exited = Files.exists(logFile.resolveSibling(id + ".exit"));
        if (monitor.isEmpty() && !exited) {
            return Optional.empty();
        }
        long offset = 0;
        try {
            offset = Long.parseLong(Files.readString(logFile.resolveSibling(id + ".read")).trim());
        } catch (IOException | NumberFormatException e) {
            // nothing copied yet
        }
        MonitoredRun run = new MonitoredRun(monitor.orElse(null), startedAt, logFile, offset);
        pumps.execute(() -> run.follow(log));
        return Optional.of(run);
    }

    /** Copies new output into the log until the exit code is there (or the monitor vanished). */
    private void follow(RunLog log) {
        long pause = POLL_MIN_MILLIS;
        try {
            while (!detached) {
                boolean exitWritten = Files.exists(exit);
                boolean monitorGone = monitor == null || !monitor.isAlive();
                boolean copied = copyNewOutput(log);
                if (exitWritten || monitorGone) {
                    copyNewOutput(log); // what was written just before the end
                    exitCode = readExitCode();
                    ended.complete(null);
                    return;
                }
                pause = copied ? POLL_MIN_MILLIS : Math.min(POLL_MAX_MILLIS, pause * 2);
                Thread.sleep(pause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("run output %s could not be followed: %s", out, e.getMessage());
            if (!detached) {
                exitCode = readExitCode();
                ended.complete(null);
            }
        }
    }

    /** Copies what the program wrote since the last look; true when there was something. */
    private boolean copyNewOutput(RunLog log) throws IOException {
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
            CharBuffer chars = CharBuffer.allocate(CHUNK);
            boolean copied = false;
            while (channel.read(bytes, offset) > 0) {
                bytes.flip();
                int before = bytes.remaining();
                decoder.decode(bytes, chars, false); // a character cut at the chunk's end waits for the rest
                int consumed = before - bytes.remaining();
                offset += consumed;
                chars.flip();
                log.append(chars.toString());
                chars.clear();
                // the bytes left undecoded (part of a character) are read again with the next chunk
                bytes.clear();
                if (consumed == 0) {
                    break; // only the start of a character so far
                }
                copied = true;
            }
            if (copied) {
                remember();
            }
            if (offset - released >= RELEASE_EVERY) {
                releaseCopiedOutput();
            }
            return copied;
        } catch (NoSuchFileException gone) {
            return false; // cleaned up already
        }
    }

    /** How far the log has the output; written by a rename so a restart reads a whole number. */
    private void remember() throws IOException {
        Path temp = read.resolveSibling(read.getFileName() + ".tmp");
        Files.writeString(temp, Long.toString(offset));
        Files.move(temp, read, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Frees the disk blocks of output already in the log (fallocate --punch-hole keeps the file's size). */
    private void releaseCopiedOutput() {
        long upTo = offset / 4096 * 4096;
        try {
            Process punch = new ProcessBuilder("fallocate", "--punch-hole", "--offset", "0", "--length",
                    Long.toString(upTo), out.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (punch.waitFor(5, TimeUnit.SECONDS)) {
                released = offset;
            }
        } catch (IOException e) {
            released = offset; // no fallocate here: the output file keeps its blocks until the run ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Integer readExitCode() {
        try {
            return Integer.valueOf(Files.readString(exit).trim());
        } catch (IOException | NumberFormatException e) {
            return null; // the monitor itself was killed (a stop's KILL, the machine's OOM killer)
        }
    }

    /** The run's end is recorded: the monitor's files go (until then a restart still finds them). */
    @Override
    public void forget() {
        for (Path file : List.of(out, exit, read)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover is harmless: it is overwritten by nothing, and removed with the logs folder
            }
        }
    }

    @Override
    public Long pid() {
        return monitor == null ? null : monitor.pid();
    }

    @Override
    public Long pidStartedAt() {
        return monitorStartedAt;
    }

    @Override
    public CompletableFuture<?> onExit() {
        return ended;
    }

    @Override
    public void awaitOutput(long millis) {
        // the output is copied before the end is reported
    }

    @Override
    public Integer exitCode() {
        return exitCode;
    }

    /** The program's whole process group (the monitor too, once the program is gone). */
    @Override
    public void stop(Duration grace) {
        if (monitor != null && monitor.isAlive()) {
            ProcessGroups.stop(monitor, grace);
        }
    }

    @Override
    public void detach() {
        detached = true;
    }
}

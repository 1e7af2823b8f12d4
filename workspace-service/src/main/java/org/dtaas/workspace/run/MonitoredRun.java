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
 * run's {@code <id>.out} file and writes the exit code to {@code <id>.exit} when it ends; both are on
 * the user's own disk when they have one (a program printing without end fills that, not the platform's). The service
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
    /** Below this much room a disk counts as full (a line of output no longer fits for sure). */
    private static final long FULL_BELOW = 64 * 1024;

    /**
     * The monitor: signals end only the program (TERM is passed on by the group signal, the monitor
     * keeps waiting), then the exit code is written by a rename so it is never read half written. Its
     * room is taken at the start and written over in place at the end (no new block), since the program
     * may have filled the disk meanwhile.
     */
    static final String MONITOR = """
            out=$1 status=$2; shift 2
            printf '%16s\\n' '' >"$status.tmp"
            trap : TERM INT HUP
            "$@" </dev/null >>"$out" 2>&1 &
            child=$!
            while :; do
              wait "$child"; code=$?
              kill -0 "$child" 2>/dev/null || break
            done
            printf '%s\\n' "$code" 1<>"$status.tmp" && mv -f "$status.tmp" "$status"
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
    private volatile String note;
    private boolean bookmarkFailed;
    private long lastDiskLook = System.nanoTime();
    private boolean fullSaid;
    /** Whether the output goes to the owner's own disk (else beside the log, on the platform's). */
    private final boolean onOwnersDisk;
    private long offset;
    private long released;

    private MonitoredRun(ProcessHandle monitor, Long monitorStartedAt, Path outputFolder, Path logFolder, String id,
            long offset) {
        this.monitor = monitor;
        this.monitorStartedAt = monitorStartedAt;
        this.out = outputFolder.resolve(id + ".out");
        this.exit = outputFolder.resolve(id + ".exit");
        // the service's own bookmark stays on the platform's disk, which the program cannot fill
        this.read = logFolder.resolve(id + ".read");
        this.onOwnersDisk = !outputFolder.equals(logFolder);
        this.offset = offset;
        this.released = offset;
    }

    private static String idOf(RunLog log) {
        return log.file().getFileName().toString().replaceFirst("\\.log$", "");
    }

    /**
     * Starts {@code command} under a monitor; its output goes to {@code log}, by way of a file in
     * {@code outputFolder} (on the user's own disk when they have one) or beside the log.
     */
    static MonitoredRun start(List<String> command, Path workingDirectory, Map<String, String> environment, RunLog log,
            Optional<Path> outputFolder, ExecutorService pumps) throws IOException {
        String id = idOf(log);
        Path folder = outputFolder.orElse(log.file().getParent());
        Path out = folder.resolve(id + ".out");
        Files.createDirectories(log.file().getParent());
        Files.createDirectories(folder);
        Files.deleteIfExists(folder.resolve(id + ".exit"));
        Files.write(out, new byte[0]);
        List<String> monitored = new java.util.ArrayList<>(List.of("/bin/sh", "-c", MONITOR, "dtaas-run-monitor",
                out.toString(), folder.resolve(id + ".exit").toString()));
        monitored.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(ProcessGroups.command(monitored)).directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                // nothing of the monitor's own goes through a pipe of the service: a pipe would die with it
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(out.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        ProcessHandle monitor = builder.start().toHandle();
        MonitoredRun run = new MonitoredRun(monitor, ProcessGroups.startMillis(monitor), folder, log.file().getParent(), id, 0);
        pumps.execute(() -> run.follow(log));
        return run;
    }

    /**
     * Follows a monitored run that went on while the service was away; empty when none of
     * {@code outputFolders} (and not the log's folder, where runs from before wrote) has the monitor's
     * output, or its monitor is gone without an exit code.
     */
    static Optional<MonitoredRun> reattach(long pid, Long startedAt, RunLog log, List<Path> outputFolders,
            ExecutorService pumps) {
        String id = idOf(log);
        List<Path> candidates = new java.util.ArrayList<>(outputFolders);
        candidates.add(log.file().getParent());
        Optional<Path> found = candidates.stream().filter(folder -> Files.exists(folder.resolve(id + ".out"))).findFirst();
        if (found.isEmpty()) {
            LOG.warnf("run %s cannot be followed again: no %s.out in %s", id, id, candidates);
            return Optional.empty();
        }
        Path folder = found.get();
        Optional<ProcessHandle> monitor = ProcessGroups.stillRunning(pid, startedAt);
        boolean exited = Files.exists(folder.resolve(id + ".exit"));
        if (monitor.isEmpty() && !exited) {
            LOG.warnf("run %s cannot be followed again: its monitor (pid %d, started %s) left no exit code and is gone"
                    + " (that pid now: %s)", id, pid, startedAt == null ? "?" : java.time.Instant.ofEpochMilli(startedAt),
                    ProcessHandle.of(pid).map(p -> "a process started " + p.info().startInstant().map(Object::toString).orElse("?"))
                            .orElse("no process"));
            return Optional.empty();
        }
        long offset = 0;
        try {
            offset = Long.parseLong(Files.readString(log.file().resolveSibling(id + ".read")).trim());
        } catch (IOException | NumberFormatException e) {
            // nothing copied yet
        }
        MonitoredRun run = new MonitoredRun(monitor.orElse(null), startedAt, folder, log.file().getParent(), id, offset);
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
                    note = exitCode != null && exitCode == 0 ? null : fullDiskNote();
                    ended.complete(null);
                    return;
                }
                if (!copied) {
                    noticeAFullDisk(log);
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

    /**
     * How far the log has the output; written by a rename so a restart reads a whole number. A bookmark
     * that cannot be written (a full disk) only costs lines copied twice after a restart, so following
     * goes on: the log's own failure is what stops such a run.
     */
    private void remember() {
        Path temp = read.resolveSibling(read.getFileName() + ".tmp");
        try {
            Files.writeString(temp, Long.toString(offset));
            Files.move(temp, read, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!bookmarkFailed) {
                LOG.warnf("run output %s: how far it was copied could not be noted (%s)", out, e.getMessage());
            }
            bookmarkFailed = true;
        }
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

    /**
     * A program whose output disk is full goes on unseen (its writes fail, nothing reaches the log).
     * On the owner's own disk that is theirs to fix: the log (on the platform's disk) says so, once
     * each time it fills, and the twin goes on. On the platform's disk the run's output would be lost
     * for good, so the run is told, which stops it. Looked at when no output came, at most once a second.
     */
    private void noticeAFullDisk(RunLog log) {
        long now = System.nanoTime();
        if (now - lastDiskLook < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastDiskLook = now;
        String full = fullDisk();
        if (full != null && onOwnersDisk && !fullSaid) {
            log.append("\n[" + full + ": what the program prints now is lost, and so are the files it writes; "
                    + whatToDo() + "]\n");
        } else if (full != null && !onOwnersDisk) {
            log.outputLost(full + ", so its output would be lost: " + whatToDo());
        }
        fullSaid = full != null;
    }

    /** Why a run that failed may have: its output disk is full, which its log cannot say. */
    private String fullDiskNote() {
        String full = fullDisk();
        return full == null ? null : full + ": the program's output and files could not all be written; " + whatToDo();
    }

    /** "… is full (size)" when the disk the run's output is written to has no room left, else null. */
    private String fullDisk() {
        java.io.File disk = out.getParent().toFile();
        long total = disk.getTotalSpace();
        if (total == 0 || disk.getUsableSpace() >= FULL_BELOW) {
            return null;
        }
        return onOwnersDisk ? "its owner's library disk is full (" + (total >> 20) + " MiB)"
                : "the disk of the run logs (" + out.getParent() + ") is full";
    }

    private String whatToDo() {
        return onOwnersDisk ? "free space in the library (or ask an admin for a larger disk, DTAAS_USER_DISK_SIZE),"
                + " then run it again if it needs to" : "an admin must free space there, then run the phase again";
    }

    @Override
    public java.util.Optional<String> endNote() {
        return java.util.Optional.ofNullable(note);
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

package org.dtaas.workspace.workspaces.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dtaas.workspace.process.ProcessGroups;

/**
 * Keeps one program of a workspace running: started in its own process group, its output appended to
 * a log file, restarted with a growing delay (1 s, 2 s, 4 s ... 30 s) when it exits unasked, and given up
 * after too many restarts in a short time (a program that cannot start would otherwise loop forever).
 */
final class SupervisedProcess {

    /** A log past this size is moved to {@code .1} at the next start (one old log is kept). */
    private static final long LOG_ROTATE_BYTES = 8L * 1024 * 1024;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final ProcessSpec spec;
    private final List<String> command;
    private final Path logFile;
    private final ScheduledExecutorService scheduler;
    private final Consumer<String> events;
    private final int maxRestarts;
    private final Duration restartWindow;
    private final Deque<Long> restartTimes = new ArrayDeque<>();

    private Process process;
    private boolean stopping;
    private boolean gaveUp;
    private int consecutiveRestarts;

    SupervisedProcess(ProcessSpec spec, List<String> command, Path logFile, ScheduledExecutorService scheduler,
            Consumer<String> events, int maxRestarts, Duration restartWindow) {
        this.spec = spec;
        this.command = command;
        this.logFile = logFile;
        this.scheduler = scheduler;
        this.events = events;
        this.maxRestarts = maxRestarts;
        this.restartWindow = restartWindow;
    }

    String name() {
        return spec.name();
    }

    synchronized void start() throws IOException {
        if (stopping) {
            return;
        }
        rotateLog();
        ProcessBuilder builder = new ProcessBuilder(ProcessGroups.command(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        Process started = builder.start();
        process = started;
        started.onExit().thenAccept(this::exited);
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized boolean gaveUp() {
        return gaveUp;
    }

    synchronized Long pid() {
        return process == null ? null : process.pid();
    }

    /** A health check passed: the next crash starts the back-off from 1 s again. */
    synchronized void healthy() {
        consecutiveRestarts = 0;
    }

    /** No restart from now on: the workspace is stopping (a display going away makes its clients exit first). */
    synchronized void noMoreRestarts() {
        stopping = true;
    }

    /** Stops the program and its children; no restart follows. */
    void stop() {
        Process current;
        synchronized (this) {
            stopping = true;
            current = process;
        }
        if (current != null && current.isAlive()) {
            ProcessGroups.stop(current.toHandle(), STOP_GRACE);
        }
    }

    private void exited(Process which) {
        synchronized (this) {
            if (stopping || which != process) {
                return;
            }
            long now = System.nanoTime();
            restartTimes.addLast(now);
            while (!restartTimes.isEmpty() && now - restartTimes.peekFirst() > restartWindow.toNanos()) {
                restartTimes.removeFirst();
            }
            if (restartTimes.size() > maxRestarts) {
                gaveUp = true;
                events.accept(spec.name() + " exited with code " + which.exitValue() + " and was restarted "
                        + maxRestarts + " times in " + restartWindow.toMinutes() + " min; given up. See its log: "
                        + logFile + ". Stop and start the workspace to try again.");
                return;
            }
            long delaySeconds = Math.min(30, 1L << Math.min(consecutiveRestarts, 5));
            consecutiveRestarts++;
            events.accept(spec.name() + " exited with code " + which.exitValue() + "; restarting in " + delaySeconds
                    + " s (log: " + logFile.getFileName() + ")");
            scheduler.schedule(this::restart, delaySeconds, TimeUnit.SECONDS);
        }
    }

    private void restart() {
        try {
            start();
        } catch (IOException e) {
            synchronized (this) {
                gaveUp = true;
            }
            events.accept(spec.name() + " could not be restarted: " + e.getMessage());
        }
    }

    private void rotateLog() throws IOException {
        if (Files.exists(logFile) && Files.size(logFile) > LOG_ROTATE_BYTES) {
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

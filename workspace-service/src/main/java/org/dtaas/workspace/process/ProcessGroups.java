package org.dtaas.workspace.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts programs as leaders of their own process group (setsid) and stops whole groups. A
 * lifecycle script typically starts more programs (a JVM, a simulator, a background logger); killing
 * only the script would leave them running, so a stop signals the group and, as a second net for
 * children that left it, every descendant still known.
 */
public final class ProcessGroups {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path KILL = Path.of("/bin/kill");

    private ProcessGroups() {
    }

    /** The command that runs {@code program} in a new session, so its pid is its group id. */
    public static List<String> command(Path program) {
        return command(List.of(program.toString()));
    }

    /** {@code command} (program and arguments) run in a new session. */
    public static List<String> command(List<String> command) {
        List<String> inSession = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            inSession.add(SETSID.toString());
        }
        inSession.addAll(command);
        return inSession;
    }

    /** SIGTERM to the group and every descendant, SIGKILL to what is left after {@code grace}. */
    public static void stop(ProcessHandle leader, Duration grace) {
        List<ProcessHandle> family = new ArrayList<>(leader.descendants().toList());
        family.add(leader);
        signalGroup(leader.pid(), "TERM");
        family.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : family) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    process.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception stillRunning) {
                    // killed below
                }
            }
        }
        signalGroup(leader.pid(), "KILL");
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops a group left over from before a restart, if its leader is still the same process. */
    public static void stopLeftover(long pid, Long startedAtMillis, Duration grace) {
        stillRunning(pid, startedAtMillis).ifPresent(p -> stop(p, grace));
    }

    /**
     * How far apart two readings of one process's start may be. Java derives the start from the kernel's
     * boot time, which is whole seconds and follows the wall clock's adjustments: a JVM started later can
     * see the same process start a second (rarely more) away. A reused pid with a start this close would
     * need millions of processes started in between.
     */
    static final long SAME_START_MILLIS = 3000;

    /** The process {@code pid} if it is alive and is still the one that started at {@code startedAtMillis} (null: any). */
    public static java.util.Optional<ProcessHandle> stillRunning(long pid, Long startedAtMillis) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> startedAtMillis == null || p.info().startInstant()
                        .map(start -> Math.abs(start.toEpochMilli() - startedAtMillis) < SAME_START_MILLIS).orElse(false));
    }

    public static Long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(null);
    }

    private static void signalGroup(long pgid, String signal) {
        if (!Files.isExecutable(KILL)) {
            return;
        }
        try {
            new ProcessBuilder(KILL.toString(), "-s", signal, "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the descendants are signalled one by one as well
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.dtaas.workspace.run;

import org.dtaas.workspace.process.ProcessGroups;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The process of one run on this machine: started in its own process group with the twin folder
 * as working directory, stdout and stderr merged into the run's log as they come (chunks, not
 * lines, so a progress bar without newlines still shows).
 */
final class RunProcess implements PhaseExecution {

    private static final int CHUNK = 16 * 1024;

    private final Process process;
    private final CountDownLatch drained = new CountDownLatch(1);

    private RunProcess(Process process) {
        this.process = process;
    }

    static RunProcess start(java.util.List<String> command, Path workingDirectory, Map<String, String> environment,
            RunLog log, ExecutorService pumps) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ProcessGroups.command(command)).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        RunProcess run = new RunProcess(builder.start());
        pumps.execute(() -> run.pump(log));
        return run;
    }

    private void pump(RunLog log) {
        try (Reader output = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[CHUNK];
            for (int n; (n = output.read(buffer)) > 0; ) {
                log.append(new String(buffer, 0, n));
            }
        } catch (IOException e) {
            // the pipe closed under us: the process is gone
        } finally {
            drained.countDown();
        }
    }

    @Override
    public Long pid() {
        return process.pid();
    }

    @Override
    public Long pidStartedAt() {
        return ProcessGroups.startMillis(process.toHandle());
    }

    /** Waits (briefly) for the output still in the pipe after the program exited. */
    @Override
    public void awaitOutput(long millis) throws InterruptedException {
        drained.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    @Override
    public Integer exitCode() {
        return process.exitValue();
    }

    /** The whole process group and every descendant (a script's background children too). */
    @Override
    public void stop(java.time.Duration grace) {
        ProcessGroups.stop(process.toHandle(), grace);
    }
}

package org.dtaas.workspace.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.workspace.config.RunsConfig;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.twin.TwinCatalog;
import org.dtaas.workspace.workspaces.local.RunSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A local run belongs to its monitor, not to the workspace-service: when the service goes away mid-run
 * (simulated by one that stops following it, as a kill -9 would), the program goes on writing, and the
 * next start follows the run again from where its log was — every line exactly once, its real end and
 * exit code — including a run that ended while no service was there.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class LocalRunsAfterRestartTest {

    private static final ExecutorService PUMPS = Executors.newCachedThreadPool();

    @Inject
    RunRepository runs;
    @Inject
    RunLogs logs;
    @Inject
    TwinCatalog catalog;
    @Inject
    RunsConfig config;
    @Inject
    WorkspaceConfig workspace;
    @Inject
    Instance<PhaseRunner> runners;

    @Inject
    TwinLocks locks;
    @Inject
    org.dtaas.workspace.run.provenance.RunProvenance provenance;

    @AfterAll
    static void stopPumps() {
        PUMPS.shutdownNow();
    }

    @Test
    void aRunGoesOnWhileTheServiceIsAwayAndIsFollowedAgainToItsEnd() throws Exception {
        Path program = TwinFixture.phase("alice", "survivor", "execute",
                "#!/bin/sh\nfor i in $(seq 1 25); do echo \"line $i\"; sleep 0.1; done\n");
        Run run = startAndLoseTheService(program);
        Thread.sleep(600); // the program goes on meanwhile; nobody copies its output

        restart();
        Run ended = RunAwait.awaitEnd(runs, run.id());
        assertEquals(RunStatus.SUCCEEDED, ended.status(), String.valueOf(ended.reason()));
        assertEquals(0, ended.exitCode());
        String log = Files.readString(logs.of(run.id()).file());
        for (int i = 1; i <= 25; i++) {
            assertEquals(1, count(log, "line " + i + "\n"), "line " + i + " once in: " + log);
        }
        assertTrue(log.contains("[the workspace-service restarted; following this run again]"), log);
    }

    @Test
    void aRunThatEndedWhileNoServiceWasThereGetsItsExitCode() throws Exception {
        Path program = TwinFixture.phase("alice", "quick", "execute", "#!/bin/sh\nsleep 1\necho done quickly\nexit 3\n");
        Run run = startAndLoseTheService(program);
        Path exit = logs.of(run.id()).file().resolveSibling(run.id() + ".exit");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(exit) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(exit), "the monitor wrote the exit code");

        restart();
        Run ended = RunAwait.awaitEnd(runs, run.id());
        assertEquals(RunStatus.FAILED, ended.status());
        assertEquals(3, ended.exitCode());
        assertTrue(Files.readString(logs.of(run.id()).file()).contains("done quickly\n"));
        // removed right after the run is recorded (recorded first: a crash in between must not lose the exit code)
        for (long until = System.nanoTime() + Duration.ofSeconds(5).toNanos(); Files.exists(exit) && System.nanoTime() < until; ) {
            Thread.sleep(20);
        }
        assertTrue(!Files.exists(exit), "the monitor's files are removed once the run is recorded");
    }

    /** Starts {@code program} as a service would, records it running, then stops following it. */
    private Run startAndLoseTheService(Path program) throws Exception {
        Path twinFolder = program.getParent().getParent();
        String twin = twinFolder.getFileName().toString();
        Run queued = new Run(UUID.randomUUID().toString(), "alice", "alice", twin, "alice/digital twins/" + twin,
                "execute", RunStatus.QUEUED, null, null, Instant.now(), null, null, null, null);
        runs.insert(queued);
        LocalPhaseRunner runner = new LocalPhaseRunner(new RunSandbox(workspace), PUMPS, config.stopGrace());
        PhaseExecution execution = runner.start(queued, program, twinFolder, Map.of("PATH", "/usr/bin:/bin"),
                logs.open(queued.id()));
        Run running = queued.running(execution.pid(), execution.pidStartedAt(), Instant.now());
        runs.save(running);
        Thread.sleep(300);
        execution.detach(); // the service is gone: nothing reads the run's output any more
        return running;
    }

    private void restart() {
        new RunService(runs, logs, catalog, config, workspace, runners, locks, provenance).resumeOrMarkInterruptedRuns();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}

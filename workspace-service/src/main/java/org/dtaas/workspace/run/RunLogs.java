package org.dtaas.workspace.run;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.workspace.config.RunsConfig;

/**
 * The logs of runs. Logs of runs in progress stay in memory (they have followers); a finished
 * run's log is opened from its file when asked for.
 */
@ApplicationScoped
public class RunLogs {

    private final Path folder;
    private final long maxBytes;
    private final Map<String, RunLog> live = new ConcurrentHashMap<>();

    public RunLogs(RunsConfig config) {
        this.folder = Path.of(config.logsPath()).toAbsolutePath().normalize();
        this.maxBytes = config.logMaxBytes();
    }

    /** The log a starting run writes to. */
    RunLog open(String runId) {
        return live.computeIfAbsent(runId, id -> new RunLog(fileOf(id), maxBytes));
    }

    /** Marks a run's log complete and forgets it from memory. */
    void close(String runId) {
        RunLog log = live.remove(runId);
        if (log != null) {
            log.end();
        }
    }

    /** The log of any run: live when it is running, else from its file (already ended). */
    public RunLog of(String runId) {
        RunLog log = live.get(runId);
        if (log != null) {
            return log;
        }
        RunLog stored = new RunLog(fileOf(runId), maxBytes);
        stored.end();
        return stored;
    }

    /** When the run's log was last written, if it has one. */
    java.util.Optional<java.time.Instant> lastWritten(String runId) {
        try {
            return java.util.Optional.of(java.nio.file.Files.getLastModifiedTime(fileOf(runId)).toInstant());
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    private Path fileOf(String runId) {
        // run ids are UUIDs made here; checked again so a crafted id can never name another file
        if (!runId.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("not a run id: " + runId);
        }
        return folder.resolve(runId + ".log");
    }
}

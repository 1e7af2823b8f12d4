package org.dtaas.workspace.run;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.dtaas.workspace.db.RunDatabase;

/**
 * One run at a time per twin, kept in the database (table {@code twin_locks}) so that every replica of
 * the workspace-service and every restart agree: a start takes its twin's row, the run's end gives it
 * back. A row whose run is no longer going (a crash between end and release) is taken over.
 */
@ApplicationScoped
public class TwinLocks {

    /** How long a start may take between taking the lock and recording its run. */
    private static final long RECORDING_GRACE_MILLIS = 60_000;

    private final RunDatabase database;
    private final RunRepository runs;

    public TwinLocks(RunDatabase database, RunRepository runs) {
        this.database = database;
        this.runs = runs;
    }

    /** Takes {@code twinKey} for {@code runId}; empty when taken, else the run that holds it now. */
    public Optional<String> acquire(String twinKey, String runId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (insert(twinKey, runId)) {
                return Optional.empty();
            }
            Optional<Lock> lock = lock(twinKey);
            if (lock.isEmpty()) {
                continue; // released meanwhile
            }
            // a start records its run just after taking the lock: a young lock without a run is going
            boolean going = runs.find(lock.get().runId()).map(r -> r.status() == RunStatus.QUEUED || r.status() == RunStatus.RUNNING)
                    .orElse(System.currentTimeMillis() - lock.get().lockedAt() < RECORDING_GRACE_MILLIS);
            if (going) {
                return Optional.of(lock.get().runId());
            }
            release(twinKey, lock.get().runId()); // left by a run that ended without giving it back
        }
        return holder(twinKey).or(() -> Optional.of("another start"));
    }

    /** Gives {@code twinKey} back, if {@code runId} holds it. */
    public void release(String twinKey, String runId) {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("DELETE FROM twin_locks WHERE twin_key = ? AND run_id = ?")) {
            s.setString(1, twinKey);
            s.setString(2, runId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the database failed: " + e.getMessage(), e);
        }
    }

    /** The run that holds {@code twinKey}. */
    public Optional<String> holder(String twinKey) {
        return lock(twinKey).map(Lock::runId);
    }

    private record Lock(String runId, long lockedAt) {
    }

    private Optional<Lock> lock(String twinKey) {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("SELECT run_id, locked_at FROM twin_locks WHERE twin_key = ?")) {
            s.setString(1, twinKey);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Lock(r.getString(1), r.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the database failed: " + e.getMessage(), e);
        }
    }

    private boolean insert(String twinKey, String runId) {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("INSERT INTO twin_locks (twin_key, run_id, locked_at) VALUES (?, ?, ?)")) {
            s.setString(1, twinKey);
            s.setString(2, runId);
            s.setLong(3, System.currentTimeMillis());
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // the key is taken (integrity constraint violation)
            }
            throw new IllegalStateException("the database failed: " + e.getMessage(), e);
        }
    }
}

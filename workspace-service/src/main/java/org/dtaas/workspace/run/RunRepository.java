package org.dtaas.workspace.run;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtaas.workspace.db.RunDatabase;

/** Runs in the database (table {@code runs}, see db/migration). */
@ApplicationScoped
public class RunRepository {

    private static final String COLUMNS = "id, run_user, owner, twin, twin_path, phase, status, exit_code, reason, pid,"
            + " pid_started_at, created_at, started_at, ended_at";

    private final RunDatabase database;

    public RunRepository(RunDatabase database) {
        this.database = database;
    }

    public void insert(Run run) {
        update("INSERT INTO runs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, run.id());
            s.setString(2, run.user());
            s.setString(3, run.owner());
            s.setString(4, run.twin());
            s.setString(5, run.twinPath());
            s.setString(6, run.phase());
            s.setString(7, run.status().id());
            setInteger(s, 8, run.exitCode());
            s.setString(9, truncate(run.reason()));
            setLong(s, 10, run.pid());
            setLong(s, 11, run.pidStartedAt());
            s.setLong(12, run.createdAt().toEpochMilli());
            setLong(s, 13, millis(run.startedAt()));
            setLong(s, 14, millis(run.endedAt()));
        });
    }

    /** Writes the changing part of a run: status, exit code, reason, process, times. */
    public void save(Run run) {
        update("UPDATE runs SET status = ?, exit_code = ?, reason = ?, pid = ?, pid_started_at = ?, started_at = ?,"
                + " ended_at = ? WHERE id = ?", s -> {
                    s.setString(1, run.status().id());
                    setInteger(s, 2, run.exitCode());
                    s.setString(3, truncate(run.reason()));
                    setLong(s, 4, run.pid());
                    setLong(s, 5, run.pidStartedAt());
                    setLong(s, 6, millis(run.startedAt()));
                    setLong(s, 7, millis(run.endedAt()));
                    s.setString(8, run.id());
                });
    }

    public Optional<Run> find(String id) {
        List<Run> runs = query("SELECT " + COLUMNS + " FROM runs WHERE id = ?", s -> s.setString(1, id));
        return runs.stream().findFirst();
    }

    /** A twin's runs, newest first; only {@code user}'s when it is not null. */
    public List<Run> history(String owner, String twin, String user, int limit) {
        String byUser = user == null ? "" : " AND run_user = ?";
        return query("SELECT " + COLUMNS + " FROM runs WHERE owner = ? AND twin = ?" + byUser
                + " ORDER BY created_at DESC, id DESC", s -> {
                    s.setString(1, owner);
                    s.setString(2, twin);
                    if (user != null) {
                        s.setString(3, user);
                    }
                    s.setMaxRows(limit);
                });
    }

    /** The newest runs of everyone (the admin page). */
    public List<Run> recent(int limit) {
        return query("SELECT " + COLUMNS + " FROM runs ORDER BY created_at DESC, id DESC", s -> s.setMaxRows(limit));
    }

    /** The newest runs {@code user} started. */
    public List<Run> recentOf(String user, int limit) {
        return query("SELECT " + COLUMNS + " FROM runs WHERE run_user = ? ORDER BY created_at DESC, id DESC", s -> {
            s.setString(1, user);
            s.setMaxRows(limit);
        });
    }

    /** Runs that were queued or running: after a restart, their processes are no longer watched. */
    public List<Run> active() {
        return query("SELECT " + COLUMNS + " FROM runs WHERE status IN ('queued', 'running')", s -> { });
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the run database failed: " + e.getMessage(), e);
        }
    }

    private List<Run> query(String sql, Binder binder) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            List<Run> runs = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    runs.add(new Run(r.getString("id"), r.getString("run_user"), r.getString("owner"), r.getString("twin"),
                            r.getString("twin_path"), r.getString("phase"), RunStatus.of(r.getString("status")),
                            r.getObject("exit_code", Integer.class), r.getString("reason"),
                            instant(r, "created_at"), instant(r, "started_at"), instant(r, "ended_at"),
                            r.getObject("pid", Long.class), r.getObject("pid_started_at", Long.class)));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("the run database failed: " + e.getMessage(), e);
        }
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        Long millis = r.getObject(column, Long.class);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 999) + "…";
    }
}

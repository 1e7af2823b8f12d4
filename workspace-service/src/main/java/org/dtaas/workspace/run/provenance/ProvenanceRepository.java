package org.dtaas.workspace.run.provenance;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.dtaas.workspace.db.RunDatabase;

/** The runs' provenance in the database (table {@code run_provenance}): two JSON documents a run. */
@ApplicationScoped
public class ProvenanceRepository {

    /** The JSON kept for one run; {@code outputs} is null until it ended. */
    public record Stored(String inputs, String outputs) {
    }

    private final RunDatabase database;

    public ProvenanceRepository(RunDatabase database) {
        this.database = database;
    }

    public void saveInputs(String runId, String inputs) {
        execute("INSERT INTO run_provenance (run_id, inputs) VALUES (?, ?)", runId, inputs);
    }

    public void saveOutputs(String runId, String outputs) {
        execute("UPDATE run_provenance SET outputs = ? WHERE run_id = ?", outputs, runId);
    }

    public Optional<Stored> find(String runId) {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("SELECT inputs, outputs FROM run_provenance WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Stored(r.getString(1), r.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the run database failed: " + e.getMessage(), e);
        }
    }

    private void execute(String sql, String first, String second) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, first);
            s.setString(2, second);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the run database failed: " + e.getMessage(), e);
        }
    }
}

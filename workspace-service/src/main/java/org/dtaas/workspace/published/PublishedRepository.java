package org.dtaas.workspace.published;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtaas.workspace.db.RunDatabase;

/** The published services, in the workspace-service's database (they survive its restarts). */
@ApplicationScoped
public class PublishedRepository {

    private final RunDatabase database;

    public PublishedRepository(RunDatabase database) {
        this.database = database;
    }

    /** Adds {@code published}; false when the name is taken. */
    public boolean insert(Published published) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO published (name, owner, port, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, published.name());
            s.setString(2, published.owner());
            s.setInt(3, published.port());
            s.setString(4, published.tokenHash());
            s.setLong(5, published.createdAt().toEpochMilli());
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (find(published.name()).isPresent()) {
                return false;
            }
            throw new IllegalStateException("the database failed: " + e.getMessage(), e);
        }
    }

    public void setTokenHash(String name, String tokenHash) {
        update("UPDATE published SET token_hash = ? WHERE name = ?", tokenHash, name);
    }

    public void delete(String name) {
        update("DELETE FROM published WHERE name = ?", name);
    }

    public void deleteOwnedBy(String owner) {
        update("DELETE FROM published WHERE owner = ?", owner);
    }

    public Optional<Published> find(String name) {
        return query("SELECT * FROM published WHERE name = ?", name).stream().findFirst();
    }

    public List<Published> ownedBy(String owner) {
        return query("SELECT * FROM published WHERE owner = ? ORDER BY name", owner);
    }

    public List<Published> all() {
        return query("SELECT * FROM published ORDER BY name");
    }

    private void update(String sql, String... values) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setString(i + 1, values[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the database failed: " + e.getMessage(), e);
        }
    }

    private List<Published> query(String sql, String... values) {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setString(i + 1, values[i]);
            }
            List<Published> found = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(new Published(r.getString("name"), r.getString("owner"), r.getInt("port"),
                            r.getString("token_hash"), Instant.ofEpochMilli(r.getLong("created_at"))));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("the database failed: " + e.getMessage(), e);
        }
    }
}

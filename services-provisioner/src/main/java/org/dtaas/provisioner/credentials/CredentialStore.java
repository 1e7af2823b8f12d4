package org.dtaas.provisioner.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.dtaas.db.PlatformDatabase;
import org.dtaas.provisioner.config.ProvisionerConfig;

/** Issued credentials per user and service, encrypted at rest ({@link SecretBox}). */
@ApplicationScoped
public class CredentialStore {

    private final PlatformDatabase database;
    private final SecretBox box;
    private final ObjectMapper json;

    public CredentialStore(ProvisionerConfig config, ObjectMapper json) throws SQLException {
        this.database = new PlatformDatabase(config.dbUrl(), config.dbUser(), config.dbPassword(), 4,
                CredentialStore.class.getClassLoader());
        this.box = new SecretBox(Path.of(config.secretsKey()));
        this.json = json;
    }

    public Optional<Map<String, String>> find(String owner, String service) {
        return sealed(owner, service).map(secret -> {
            try {
                return json.readValue(box.open(secret), new TypeReference<LinkedHashMap<String, String>>() {
                });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored credential is not JSON: " + e.getOriginalMessage(), e);
            }
        });
    }

    public void save(String owner, String service, Map<String, String> credential) {
        try (Connection c = database.connection()) {
            String sealed = box.seal(json.writeValueAsString(credential));
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM credentials WHERE owner = ? AND service = ?");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO credentials (owner, service, secret, created_at) VALUES (?, ?, ?, ?)")) {
                delete.setString(1, owner);
                delete.setString(2, service);
                delete.executeUpdate();
                insert.setString(1, owner);
                insert.setString(2, service);
                insert.setString(3, sealed);
                insert.setLong(4, System.currentTimeMillis());
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("the credential database failed: " + e.getMessage(), e);
        }
    }

    public void delete(String owner, String service) {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("DELETE FROM credentials WHERE owner = ? AND service = ?")) {
            s.setString(1, owner);
            s.setString(2, service);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the credential database failed: " + e.getMessage(), e);
        }
    }

    /** Everyone who holds a credential of {@code service}. */
    public java.util.List<String> owners(String service) {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("SELECT owner FROM credentials WHERE service = ? ORDER BY owner")) {
            s.setString(1, service);
            java.util.List<String> owners = new java.util.ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    owners.add(r.getString(1));
                }
            }
            return owners;
        } catch (SQLException e) {
            throw new IllegalStateException("the credential database failed: " + e.getMessage(), e);
        }
    }

    /** The stored secret as it is at rest (encrypted); tests check that nothing is kept in clear. */
    Optional<String> sealed(String owner, String service) {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("SELECT secret FROM credentials WHERE owner = ? AND service = ?")) {
            s.setString(1, owner);
            s.setString(2, service);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the credential database failed: " + e.getMessage(), e);
        }
    }

    void close(@Observes ShutdownEvent event) {
        database.close();
    }
}

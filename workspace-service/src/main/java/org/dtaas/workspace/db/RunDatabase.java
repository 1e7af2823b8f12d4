package org.dtaas.workspace.db;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import org.dtaas.db.PlatformDatabase;
import org.dtaas.workspace.config.RunsConfig;
import org.jboss.logging.Logger;

/** The workspace-service's database (runs): H2 file by default, PostgreSQL with DTAAS_DB_URL. */
@ApplicationScoped
public class RunDatabase {

    private static final Logger LOG = Logger.getLogger(RunDatabase.class);

    private final PlatformDatabase database;

    public RunDatabase(RunsConfig config) throws SQLException {
        this.database = new PlatformDatabase(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(),
                RunDatabase.class.getClassLoader());
        LOG.infof("runs are kept in %s", database.describe());
    }

    public Connection connection() throws SQLException {
        return database.connection();
    }

    void close(@Observes ShutdownEvent event) {
        database.close();
    }
}

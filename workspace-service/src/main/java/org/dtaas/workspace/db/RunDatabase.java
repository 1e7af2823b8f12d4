package org.dtaas.workspace.db;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.dtaas.workspace.config.RunsConfig;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * The run database: a pool on the JDBC URL from the configuration, migrated by Flyway
 * ({@code db/migration}) before first use. H2 (a file in DTAAS_HOME/db) needs no server; PostgreSQL
 * is for production. Built here rather than by quarkus-agroal because Quarkus fixes a datasource's
 * kind at build time, and one build must run on either.
 */
@ApplicationScoped
public class RunDatabase {

    private static final Logger LOG = Logger.getLogger(RunDatabase.class);

    private final AgroalDataSource pool;

    public RunDatabase(RunsConfig config) throws SQLException {
        String url = config.dbUrl();
        createH2Folder(url);
        AgroalDataSourceConfigurationSupplier settings = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(p -> p.minSize(0).maxSize(config.dbPoolSize())
                        .acquisitionTimeout(Duration.ofSeconds(10))
                        .connectionFactoryConfiguration(f -> {
                            f.jdbcUrl(url).connectionProviderClass(driverFor(url));
                            config.dbUser().ifPresent(u -> f.principal(new NamePrincipal(u)));
                            config.dbPassword().ifPresent(pw -> f.credential(new SimplePassword(pw)));
                            return f;
                        }));
        this.pool = AgroalDataSource.from(settings);
        Flyway.configure(RunDatabase.class.getClassLoader()).dataSource(pool).locations("classpath:db/migration")
                .load().migrate();
        LOG.infof("runs are kept in %s", url.replaceAll("password=[^;&]*", "password=***"));
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    void close(@Observes ShutdownEvent event) {
        pool.close();
    }

    /**
     * The driver named explicitly: DriverManager only offers drivers loaded by the caller's class
     * loader, which a restarted Quarkus application (tests, dev mode) no longer is.
     */
    private static Class<?> driverFor(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return org.h2.Driver.class;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return org.postgresql.Driver.class;
        }
        throw new IllegalStateException("DTAAS_DB_URL must be a jdbc:h2: or jdbc:postgresql: URL, not " + url);
    }

    private static void createH2Folder(String url) {
        String prefix = "jdbc:h2:file:";
        if (url.startsWith(prefix)) {
            String file = url.substring(prefix.length()).split(";", 2)[0];
            try {
                Path parent = Path.of(file).toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the database folder for " + file + ": " + e.getMessage(), e);
            }
        }
    }
}

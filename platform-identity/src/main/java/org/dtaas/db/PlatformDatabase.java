package org.dtaas.db;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * A service's database: a connection pool on a JDBC URL chosen at start (H2 file by default,
 * PostgreSQL in production), migrated by Flyway from the service's {@code db/migration} before first
 * use. Built here rather than by quarkus-agroal because Quarkus fixes a datasource's kind at build
 * time and one build must run on either. Services that keep state (runs, credentials) wrap it in a bean.
 */
public final class PlatformDatabase implements AutoCloseable {

    private final AgroalDataSource pool;
    private final String url;

    public PlatformDatabase(String url, Optional<String> user, Optional<String> password, int poolSize,
            ClassLoader migrations) throws SQLException {
        this.url = writingEachCommit(url);
        createH2Folder(url);
        AgroalDataSourceConfigurationSupplier settings = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(p -> p.minSize(0).maxSize(poolSize).acquisitionTimeout(Duration.ofSeconds(10))
                        .connectionFactoryConfiguration(f -> {
                            f.jdbcUrl(this.url).connectionProviderClass(driverFor(url));
                            user.ifPresent(u -> f.principal(new NamePrincipal(u)));
                            password.ifPresent(pw -> f.credential(new SimplePassword(pw)));
                            return f;
                        }));
        this.pool = AgroalDataSource.from(settings);
        Flyway.configure(migrations).dataSource(pool).locations("classpath:db/migration").load().migrate();
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** The URL without a password that may be in it, for logs. */
    public String describe() {
        return url.replaceAll("password=[^;&]*", "password=***");
    }

    @Override
    public void close() {
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
        throw new IllegalStateException("the database URL must start with jdbc:h2: or jdbc:postgresql:, not " + url);
    }

    /**
     * H2 keeps no journal: it writes committed changes to its file in the background, up to
     * {@code WRITE_DELAY} (500 ms) later, so a service killed with -9 (OOM, crash) lost what it had just
     * committed — a run recorded as started came back as queued and was marked interrupted although it
     * still went on. Our writes are few (a run's start and end, a credential), so each commit is written
     * at once. Written to the OS, not synced: a killed process loses nothing, a power cut may (as before).
     * A URL that sets WRITE_DELAY itself keeps it.
     */
    static String writingEachCommit(String url) {
        boolean fileDatabase = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:")
                && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
        return fileDatabase && !url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=") ? url + ";WRITE_DELAY=0" : url;
    }

    private static void createH2Folder(String url) {
        String prefix = "jdbc:h2:file:";
        if (url.startsWith(prefix)) {
            String file = url.substring(prefix.length()).split(";", 2)[0];
            Path parent = Path.of(file).toAbsolutePath().getParent();
            try {
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the database folder " + parent + ": " + e.getMessage(), e);
            }
        }
    }
}

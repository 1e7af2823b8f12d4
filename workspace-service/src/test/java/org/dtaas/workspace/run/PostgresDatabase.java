package org.dtaas.workspace.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.ScriptedServer;

/**
 * A PostgreSQL server of the test's own (Debian's binaries, set up by scripts/postgres.sh on a free
 * port, password authentication) with a fresh database for one test class; stopped afterwards.
 */
public class PostgresDatabase extends ScriptedServer {

    static final String USER = "dtaas";

    @Override
    protected Path program() {
        return Path.of("/usr/lib/postgresql/15/bin/postgres");
    }

    @Override
    protected String script() {
        return "postgres.sh";
    }

    @Override
    protected Map<String, String> settings(List<Integer> ports, Path secretFile) {
        String password = read(secretFile);
        String server = "jdbc:postgresql://127.0.0.1:" + ports.get(0) + "/";
        awaitAccepting(server + "postgres", password);
        execute(server + "postgres", password, "CREATE DATABASE dtaas_runs");
        return Map.of("dtaas.runs.db-url", server + "dtaas_runs", "dtaas.runs.db-user", USER,
                "dtaas.runs.db-password", password);
    }

    /** The port opens a moment before the server takes logins. */
    private static void awaitAccepting(String url, String password) {
        for (int i = 0; ; i++) {
            try (Connection c = DriverManager.getConnection(url, USER, password)) {
                return;
            } catch (SQLException e) {
                if (i > 100) {
                    throw new IllegalStateException("PostgreSQL does not take logins: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    private static void execute(String url, String password, String sql) {
        try (Connection c = DriverManager.getConnection(url, USER, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused " + sql + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.dtaas.workspace.run;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh database on the machine's real PostgreSQL (127.0.0.1:5432, as on the CI machine) for one
 * test class, dropped afterwards. {@link #available()} tells the tests whether the server is there.
 */
public class PostgresDatabase implements QuarkusTestResourceLifecycleManager {

    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String USER = "postgres";
    private String name;

    static boolean available() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public Map<String, String> start() {
        if (!available()) {
            return Map.of();
        }
        name = "dtaas_test_" + Long.toHexString(System.nanoTime());
        execute("CREATE DATABASE " + name);
        return Map.of("dtaas.runs.db-url", "jdbc:postgresql://127.0.0.1:5432/" + name, "dtaas.runs.db-user", USER);
    }

    @Override
    public void stop() {
        if (name != null) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 refused " + sql + ": " + e.getMessage(), e);
        }
    }
}

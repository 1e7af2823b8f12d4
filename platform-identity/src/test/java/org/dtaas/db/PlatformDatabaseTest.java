package org.dtaas.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformDatabaseTest {

    /**
     * A service killed with -9 right after a commit (the supervisor's case: an OOM kill, a crash) still
     * has what it committed when it starts again. H2 writes a commit to its file only after a write delay
     * (500 ms by default): a run recorded as started and killed in that window came back "queued".
     */
    @Test
    void whatWasCommittedSurvivesAKill9RightAfterTheCommit(@TempDir Path home) throws Exception {
        String url = "jdbc:h2:file:" + home.resolve("db/service");
        for (int round = 1; round <= 3; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CommitThenDie.class.getName(), url, Integer.toString(round))
                    .redirectErrorStream(true).start();
            String said = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), said);
            assertEquals(9, child.exitValue(), said);
            assertTrue(said.contains("committed " + round), said);
        }
        try (PlatformDatabase database = open(url); Connection connection = database.connection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM facts")) {
            rows.next();
            assertEquals(3, rows.getInt(1), "each of the three commits made before a kill -9 is there");
        }
    }

    private static PlatformDatabase open(String url) throws Exception {
        return new PlatformDatabase(url, Optional.empty(), Optional.empty(), 2, PlatformDatabaseTest.class.getClassLoader());
    }

    /** Commits one row, says so, and dies at once the way kill -9 does (no shutdown hook runs). */
    public static final class CommitThenDie {
        public static void main(String[] args) throws Exception {
            try (PlatformDatabase database = open(args[0]); Connection connection = database.connection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS facts (round INT)");
                statement.execute("INSERT INTO facts VALUES (" + Integer.parseInt(args[1]) + ")");
                System.out.println("committed " + args[1]);
                System.out.flush();
                Runtime.getRuntime().halt(9);
            }
        }
    }

}

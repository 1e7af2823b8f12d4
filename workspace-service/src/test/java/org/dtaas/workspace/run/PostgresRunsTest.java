package org.dtaas.workspace.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.List;
import org.dtaas.identity.testing.TestTokens;
import org.dtaas.workspace.db.RunDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same runs on a real PostgreSQL (the test's own server) instead of H2: migrated schema, a run, its history. */
@QuarkusTest
@TestProfile(PostgresRunsTest.OnPostgres.class)
class PostgresRunsTest {

    public static class OnPostgres implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresDatabase.class));
        }
    }

    @Inject
    RunDatabase database;

    @BeforeAll
    static void twin() throws Exception {
        TwinFixture.phase("alice", "pg-twin", "execute", "#!/bin/sh\necho on postgres\n");
    }

    @Test
    void runsAreKeptInPostgres() throws Exception {
        try (Connection c = database.connection()) {
            assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
        }
        String token = TestTokens.bearer("alice");
        String id = RunsTest.start(token, "alice", "pg-twin", "execute", 201).getString("id");
        assertEquals("succeeded", RunsTest.awaitEnd(token, id).getString("status"));
        given().header("Authorization", token).get("/api/twins/alice/pg-twin/runs").then().statusCode(200)
                .body("[0].id", equalTo(id)).body("[0].status", equalTo("succeeded"));
        assertTrue(given().header("Authorization", token).get("/api/runs/" + id + "/log").asString().contains("on postgres"));
    }
}

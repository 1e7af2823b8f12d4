package org.dtaas.workspace.contract;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.dtaas.workspace.run.TwinFixture;

/** The port contract locally: the server is a run of the user's, listening in their own network. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class LocalPortOwnershipTest extends PortOwnershipContract {

    private static String run; // one instance per test method: the run outlives the method that starts it

    @Override
    protected void serve() throws Exception {
        TwinFixture.phase(USER, "board", "execute", "#!/bin/sh\nexec /usr/bin/python3 -m http.server " + PORT + " --bind 127.0.0.1\n");
        run = given().header("Authorization", TestTokens.bearer(USER)).contentType("application/json")
                .body(Map.of("phase", "execute")).post("/api/twins/" + USER + "/board/runs").then().statusCode(201).extract().path("id");
    }

    @Override
    protected void stopServing() {
        given().header("Authorization", TestTokens.bearer(USER)).post("/api/runs/" + run + "/cancel").then().statusCode(202);
    }
}

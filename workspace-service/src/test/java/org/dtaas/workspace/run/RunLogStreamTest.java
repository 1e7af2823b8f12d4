package org.dtaas.workspace.run;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Following a run's log with server-sent events, as the web app does. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class RunLogStreamTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void twin() throws Exception {
        TwinFixture.phase("alice", "ticker", "execute",
                "#!/bin/sh\nfor i in 1 2 3 4 5; do echo \"tick $i ✓\"; sleep 0.2; done\nprintf 'no newline at the end'\n");
    }

    @Test
    void followerGetsOutputWhileTheRunGoesThenTheEndedRun() throws Exception {
        String token = TestTokens.bearer("alice");
        String id = given().header("Authorization", token).contentType("application/json").body(Map.of("phase", "execute"))
                .post("/api/twins/alice/ticker/runs").then().statusCode(201).extract().path("id");
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/runs/" + id + "/log"))
                .header("Authorization", token).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        ObjectMapper json = new ObjectMapper();
        StringBuilder text = new StringBuilder();
        List<String> statusAtFirstTick = new ArrayList<>();
        JsonNode end = null;
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = events.readLine()) != null; ) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                JsonNode event = json.readTree(line.substring(5).strip());
                if (event.has("text")) {
                    text.append(event.get("text").asText());
                    if (statusAtFirstTick.isEmpty() && text.toString().contains("tick 1")) {
                        statusAtFirstTick.add(given().header("Authorization", token).get("/api/runs/" + id)
                                .then().extract().path("status"));
                    }
                } else if (event.has("end")) {
                    end = event.get("end");
                    break;
                }
            }
        }
        assertEquals("tick 1 ✓\ntick 2 ✓\ntick 3 ✓\ntick 4 ✓\ntick 5 ✓\nno newline at the end", text.toString());
        assertEquals(List.of("running"), statusAtFirstTick, "the first line came only after the run had ended");
        assertTrue(end != null, "no end event");
        assertEquals("succeeded", end.get("status").asText());

        // a follower of an ended run gets the whole log and the end at once
        HttpResponse<String> again = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(again.body().contains("tick 5"), again.body());
        assertTrue(again.body().contains("\"status\":\"succeeded\""), again.body());
    }
}

package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /lib}'s limits as upstream libms has them, without breaking GraphQL tooling: the standard
 * introspection query works (GraphiQL, code generators) while a bad-faith one is refused; bodies above
 * 100 kB get 413; a query that does not parse or validate gets 400, a query that ran 200.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class GraphQLRequestLimitsTest {

    @BeforeEach
    void library() throws Exception {
        LibraryFixture.create();
    }

    private static ValidatableResponse post(String query) {
        return given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body(Map.of("query", query)).post("/lib").then();
    }

    @Test
    void theStandardIntrospectionQueryIsAnswered() {
        post(graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY).statusCode(200)
                .body("errors", nullValue())
                .body("data.__schema.queryType.name", equalTo("Query"))
                .body("data.__schema.types.name", hasItem("TreeEntry"));
        post("{ __type(name: \"TreeEntry\") { name fields { name } } }").statusCode(200)
                .body("data.__type.fields.name", hasItem("summary"));
    }

    @Test
    void introspectionThatLoopsThroughTheSchemaIsRefused() {
        // __Type.fields → __Field.type → __Type.fields ... multiplies with every level
        post("{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }")
                .statusCode(400).body("errors[0].message", notNullValue()).body("data", nullValue());
        // a request that also asks for data is held to the data queries' depth limit
        String deepTypes = "__schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType"
                + " { ofType { ofType { name } } } } } } } } } } } } }";
        post("{ " + deepTypes + " }").statusCode(200).body("data.__schema.types", notNullValue());
        post("{ listDirectory(path: \"alice\") { repository { tree { trees { edges { node { name } } } } } } " + deepTypes
                + " }").statusCode(400).body("errors[0].message", containsString("depth")).body("data", nullValue());
    }

    /** The limits are checked when a query is first parsed and remembered: a repeat, a directive or a second operation must not slip past. */
    @Test
    void limitsHoldForRepeatedQueriesDirectivesAndOperations() {
        String flood = floodOf(200, "");
        for (int round = 0; round < 2; round++) { // the second time from the cache
            post(flood).statusCode(400).body("errors[0].message", containsString("complexity")).body("data", nullValue());
        }
        // with @include the variables decide what is selected: checked at every request, never remembered
        String gated = "query q($on: Boolean!) {" + floodOf(200, " @include(if: $on)").substring(1);
        given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body(Map.of("query", gated, "variables", Map.of("on", false))).post("/lib").then().statusCode(200);
        given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                .body(Map.of("query", gated, "variables", Map.of("on", true))).post("/lib").then()
                .body("errors[0].message", containsString("complexity")).body("data", nullValue());
        // two operations in one document: the one chosen is the one checked
        String twoOperations = "query small { listDirectory(path: \"alice\") { repository { tree { trees { edges { node { name } } } } } } }"
                + " query big " + floodOf(200, "");
        for (String operation : new String[] {"small", "big", "small", "big"}) {
            var answer = given().header("Authorization", TestTokens.bearer("alice")).contentType("application/json")
                    .body(Map.of("query", twoOperations, "operationName", operation)).post("/lib").then();
            if (operation.equals("small")) {
                answer.statusCode(200).body("errors", nullValue());
            } else {
                answer.statusCode(400).body("errors[0].message", containsString("complexity"));
            }
        }
    }

    private static String floodOf(int aliases, String directive) {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < aliases; i++) {
            query.append(" a").append(i).append(": listDirectory(path: \"alice\")").append(directive)
                    .append(" { repository { tree { trees { edges { node { name } } } } } }");
        }
        return query.append(" }").toString();
    }

    @Test
    void queriesThatDoNotParseOrValidateAre400() {
        post("{ listDirectory(path: ").statusCode(400).body("errors[0].message", containsString("Invalid syntax"))
                .body("data", nullValue());
        post("{ noSuchField }").statusCode(400).body("errors[0].message", containsString("noSuchField"));
        // a query that ran but met a refusal (a bad path) is an answer: 200 with its error, as upstream
        post("{ readFile(path: \"alice/../bob/data/secret.txt\") { repository { blobs { nodes { name } } } } }")
                .statusCode(200).body("errors[0].message", containsString("'..'"));
    }

    @Test
    void bodiesAbove100kBAre413AndChangeNothing() throws Exception {
        String padding = " ".repeat(90 * 1024);
        post("{ listDirectory(path: \"alice\") {" + padding + " repository { tree { trees { edges { node { name } } } } } } }")
                .statusCode(200).body("data.listDirectory", notNullValue());
        for (int size : new int[] {101 * 1024, 1 << 20, 8 << 20}) {
            post("{ __typename }" + "#".repeat(size)).statusCode(413)
                    .body("errors[0].message", containsString("at most 102400 bytes"));
        }
        // a body without a length cannot be held to the limit before it is read: the client is told to send one
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/lib"))
                .header("Authorization", TestTokens.bearer("alice")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        "{\"query\": \"{ __typename }\"}".getBytes(StandardCharsets.UTF_8)))).build();
        HttpResponse<String> refused = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(411, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Content-Length"), refused.body());
    }
}

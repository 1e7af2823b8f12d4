package org.dtaas.library.graphql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.smallrye.jwt.build.Jwt;
import org.dtaas.identity.Caller;
import org.dtaas.identity.InternalToken;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link QueryPlan} answers exactly as graphql-java does — the same bytes — or not at all. Each query
 * runs both ways on the same tree; those of the plain kind must be answered by their plan, the others
 * must be left to graphql-java.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class QueryPlanTest {

    private static final Caller CAROL = new Caller("carol", false);
    private static final String LIST = "query listDirectory($path: String!) { listDirectory(path: $path) { repository { tree {"
            + " blobs { edges { node { name type } } } trees { edges { node { name type } } } } } } }";
    private static final String READ = "query readFile($path: String!) { readFile(path: $path) { repository { blobs { nodes {"
            + " name rawBlob rawTextBlob } } } } }";
    private static final String EVERY_FIELD = "{ listDirectory(path: \"carol/data\") { __typename repository { __typename tree {"
            + " __typename blobs { __typename edges { __typename node { __typename name type size modified path kind } } }"
            + " trees { edges { node { name type modified path kind } } } } blobs { nodes { name rawBlob rawTextBlob encoding size } } } } }";

    @Inject
    LibraryGraphQL graphql;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void carolsLibrary() throws Exception {
        Path carol = TestPlatformHome.files().resolve("carol");
        for (String kind : List.of("functions", "models", "tools", "data", "digital twins")) {
            Files.createDirectories(carol.resolve(kind));
        }
        Files.createDirectories(carol.resolve("data/nested folder"));
        Files.writeString(carol.resolve("data/welcome.txt"), "  hello \"world\" \\ \u00e9t\u00e9 \u2603\n\t");
        Files.write(carol.resolve("data/blob.bin"), new byte[] {0, 1, 2, (byte) 0xff, 10});
        Files.writeString(carol.resolve("data/empty.txt"), "");
        Files.writeString(carol.resolve("data/line\nbreak \\ name.txt"), "odd name");
        Files.writeString(carol.resolve("models/README.md"), "# Models\n\nA model.\n");
    }

    @Test
    void plainQueriesAreAnsweredByTheirPlanWithGraphQLJavasBytes() throws Exception {
        assertSame(LIST, null, Map.of("path", "carol"));
        assertSame(LIST, null, Map.of("path", "carol/data"));
        assertSame(LIST, "listDirectory", Map.of("path", "carol/models"));
        assertSame(READ, null, Map.of("path", "carol/data/welcome.txt"));
        assertSame(READ, null, Map.of("path", "carol/data/blob.bin"));
        assertSame(READ, null, Map.of("path", "carol/data/empty.txt"));
        assertSame(EVERY_FIELD, null, Map.of());
        assertSame("{ a: listDirectory(path: \"carol\") { r: repository { t: tree { trees { edges { node { n: name kind } } } } } }"
                + " b: readFile(path: \"carol/data/welcome.txt\") { repository { __typename tree { blobs { edges { node { name } } } }"
                + " blobs { nodes { size encoding text: rawTextBlob } } } } }", null, Map.of());
        assertSame("query first { listDirectory(path: \"carol\") { repository { tree { trees { edges { node { name } } } } } } }"
                + " query second($p: String!) { readFile(path: $p) { repository { blobs { nodes { name size } } } } }",
                "second", Map.of("p", "carol/data/blob.bin"));
        assertSame("{ readFile(path: \"carol/data/blob.bin\") { repository { tree { trees { edges { node { name } } } } } } }",
                null, Map.of());
    }

    @Test
    void everythingElseIsLeftToGraphQLJavaAndAnsweredAsBefore() throws Exception {
        // not of the plain kind: no plan at all
        assertLeft("{ listDirectory(path: \"carol\") { repository { tree { trees { edges { node { name summary } } } } } } }",
                null, Map.of());
        assertLeft("{ listDirectory(path: \"carol\") { ...r } } fragment r on Project { repository { __typename } }", null, Map.of());
        assertLeft("{ listDirectory(path: \"carol\") { repository { ... on Repository { __typename } } } }", null, Map.of());
        assertLeft("{ searchAssets(query: \"m\") { name } }", null, Map.of());
        assertLeft("{ listDirectory(path: \"carol\") { repository { __typename } } listDirectory(path: \"carol\") { repository { __typename } } }",
                null, Map.of());
        assertLeft("{ __schema { queryType { name } } }", null, Map.of());
        // of the plain kind, but its answer is graphql-java's to make: errors, variables to coerce or default
        assertLeft(LIST, null, Map.of("path", "carol/nothing here"));
        assertLeft(LIST, null, Map.of("path", "bob/data"));
        assertLeft(LIST, null, Map.of("path", "../etc"));
        assertLeft(READ, null, Map.of("path", "carol/data"));
        assertLeft(READ, null, Map.of("path", 42));
        assertLeft(READ, null, Map.of("path", "carol/data/line\nbreak \\ name.txt")); // listed, but not a path one can ask for
        assertLeft(READ, null, Map.of());
        assertLeft("query q($p: String = \"carol\") { listDirectory(path: $p) { repository { __typename } } }", null, Map.of());
        Map<String, Object> nullPath = new HashMap<>();
        nullPath.put("path", null);
        assertLeft(LIST, null, nullPath);
    }

    /**
     * A planned query is answered before Quarkus' own token check, by the route's check: a request whose
     * token does not verify must get what Quarkus answers (401), never the data — also once the query is
     * known and planned.
     */
    @Test
    void aPlannedQueryIsAnsweredOnlyToATokenThatVerifies() throws Exception {
        String body = json.writeValueAsString(Map.of("query", LIST, "variables", Map.of("path", "carol/data")));
        given().header("Authorization", TestTokens.bearer("carol")).contentType("application/json").body(body).post("/lib")
                .then().statusCode(200).body("data.listDirectory.repository.tree.blobs.edges.node.name", hasItem("welcome.txt"));
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        long now = System.currentTimeMillis() / 1000;
        String otherKey = Jwt.issuer(InternalToken.ISSUER).audience(InternalToken.AUDIENCE).upn("carol").groups(Set.of("user"))
                .issuedAt(now).expiresAt(now + 60).sign(generator.generateKeyPair().getPrivate());
        String valid = TestTokens.token("carol", false, InternalToken.ISSUER, 60);
        String[] header = valid.split("\\.");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + header[1] + ".";
        String otherAudience = Jwt.issuer(InternalToken.ISSUER).audience("elsewhere").upn("carol").groups(Set.of("user"))
                .issuedAt(now).expiresAt(now + 60).sign(privateKeyOfTests());
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("no token", null);
        refused.put("another issuer", "Bearer " + TestTokens.token("carol", false, "someone-else", 60));
        refused.put("expired", "Bearer " + TestTokens.token("carol", false, InternalToken.ISSUER, -120));
        refused.put("signed by another key", "Bearer " + otherKey);
        refused.put("not signed (alg none)", "Bearer " + unsigned);
        refused.put("for another audience", "Bearer " + otherAudience);
        refused.put("signature cut off", "Bearer " + header[0] + "." + header[1] + ".");
        refused.put("a password instead", "Basic " + Base64.getEncoder().encodeToString("carol:carol".getBytes(StandardCharsets.UTF_8)));
        refused.put("bearer without a token", "Bearer ");
        for (Map.Entry<String, String> attempt : refused.entrySet()) {
            io.restassured.specification.RequestSpecification request = given().contentType("application/json").body(body);
            if (attempt.getValue() != null) {
                request = request.header("Authorization", attempt.getValue());
            }
            String answer = request.post("/lib").then().statusCode(401).extract().asString();
            assertFalse(answer.contains("welcome.txt"), attempt.getKey() + ": " + answer);
        }
    }

    private static java.security.PrivateKey privateKeyOfTests() throws Exception {
        String pem = Files.readString(TestPlatformHome.privateKey());
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return java.security.KeyFactory.getInstance("RSA").generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private void assertSame(String query, String operationName, Map<String, Object> variables) throws Exception {
        String byGraphQLJava = byGraphQLJava(query, operationName, variables);
        assertTrue(byGraphQLJava.startsWith("{\"data\":{") && !byGraphQLJava.contains("\"errors\""), byGraphQLJava);
        assertEquals(byGraphQLJava, byPlan(query, operationName, variables), query);
    }

    private void assertLeft(String query, String operationName, Map<String, Object> variables) throws Exception {
        byGraphQLJava(query, operationName, variables); // now known, as on a second request
        assertThrows(QueryPlan.NotPlanned.class, () -> byPlan(query, operationName, variables), query);
    }

    private String byGraphQLJava(String query, String operationName, Map<String, Object> variables) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamedFiles files = new StreamedFiles()) {
            LibraryGraphQL.Answer answer = graphql.execute(CAROL, files, EventLoopBudget.unlimited(), query, operationName, variables);
            new GraphQLAnswerWriter(json).write(answer.body(), files, out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String byPlan(String query, String operationName, Map<String, Object> variables) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamedFiles files = new StreamedFiles(); JsonGenerator generator = new GraphQLAnswerWriter(json).generatorFor(out)) {
            QueryPlan plan = graphql.planOf(query, operationName).orElseThrow(() -> new QueryPlan.NotPlanned("no plan"));
            assertTrue(plan.answer(CAROL, files, EventLoopBudget.forEventLoop(), variables, generator));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

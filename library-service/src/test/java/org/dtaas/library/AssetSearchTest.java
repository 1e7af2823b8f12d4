package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DTaaS additions to the upstream schema: asset kind, README summaries, searchAssets. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class AssetSearchTest {

    @BeforeEach
    void assets() throws Exception {
        LibraryFixture.create();
        readme("erin/models/msd", "# Mass-spring-damper\n\n![diagram](d.png)\n\nA mass-spring-damper model\nfor co-simulation.\n\nMore text.\n");
        readme("common/digital twins/incubator", "# Incubator\n\nThe incubator twin keeps eggs warm (a MASS of them).\n");
        readme("erin/digital_twins/legacy", "An older twin in the upstream spelling.\n");
        readme("bob/models/bobs-mass", "Bob's private mass model.\n");
        Files.createDirectories(LibraryFixture.files().resolve("erin/tools/no-readme"));
    }

    /** Other tests list every owner's root: erin, only this test's, leaves again. */
    @org.junit.jupiter.api.AfterAll
    static void removeErin() throws Exception {
        try (var walk = Files.walk(LibraryFixture.files().resolve("erin"))) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void readme(String folder, String text) throws Exception {
        Path dir = LibraryFixture.files().resolve(folder);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.md"), text);
    }

    static ValidatableResponse graphql(String user, String query, Map<String, Object> variables) {
        return given().header("Authorization", TestTokens.bearer(user)).contentType("application/json")
                .body(Map.of("query", query, "variables", variables)).post("/lib").then().statusCode(200);
    }

    static final String SEARCH = "query s($q: String!, $k: String) { searchAssets(query: $q, kind: $k) { name kind path owner summary } }";

    private static Map<String, Object> search(String query, String kind) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("q", query);
        variables.put("k", kind);
        return variables;
    }

    @Test
    void searchFindsOwnAndCommonAssetsByNameOrSummaryButNeverAnotherUsers() {
        graphql("erin", SEARCH, search("mass", null))
                .body("errors", equalTo(null))
                .body("data.searchAssets.path", containsInAnyOrder("erin/models/msd", "common/digital twins/incubator"))
                .body("data.searchAssets.find { it.name == 'msd' }.summary",
                        equalTo("A mass-spring-damper model for co-simulation."))
                .body("data.searchAssets.find { it.name == 'msd' }.kind", equalTo("models"))
                .body("data.searchAssets.find { it.name == 'incubator' }.owner", equalTo("common"));
    }

    @Test
    void kindNarrowsTheSearchAndBothTwinSpellingsCount() {
        graphql("erin", SEARCH, search("twin", "digital_twins"))
                .body("data.searchAssets.path", containsInAnyOrder("common/digital twins/incubator", "erin/digital_twins/legacy"))
                .body("data.searchAssets.kind", hasItem("digital_twins"));
        graphql("erin", SEARCH, search("mass", "tools")).body("data.searchAssets", empty());
        graphql("erin", SEARCH, search("", "tools")).body("data.searchAssets.path", hasItem("erin/tools/no-readme"));
        graphql("erin", SEARCH, search("x", "spells")).body("errors[0].message", containsString("kind is one of"));
    }

    @Test
    void listingsCarryKindPathAndTheReadmeSummaryOnRequest() {
        graphql("erin", "query l($p: String!) { listDirectory(path: $p) { repository { tree { trees { edges { node {"
                + " name kind path summary } } } } } } }", Map.of("p", "erin/models"))
                .body("data.listDirectory.repository.tree.trees.edges.node.find { it.name == 'msd' }.summary",
                        equalTo("A mass-spring-damper model for co-simulation."))
                .body("data.listDirectory.repository.tree.trees.edges.node.find { it.name == 'msd' }.kind", equalTo("models"))
                .body("data.listDirectory.repository.tree.trees.edges.node.find { it.name == 'msd' }.path",
                        equalTo("erin/models/msd"));
        graphql("erin", "query l($p: String!) { listDirectory(path: $p) { repository { tree { trees { edges { node {"
                + " name kind } } } } } } }", Map.of("p", "erin"))
                .body("data.listDirectory.repository.tree.trees.edges.node.find { it.name == 'digital_twins' }.kind",
                        equalTo("digital_twins"))
                .body("data.listDirectory.repository.tree.trees.edges.node.find { it.name == 'models' }.kind",
                        equalTo("models"));
    }

    @Test
    void anotherUsersSummariesStayHidden() {
        graphql("erin", "query l($p: String!) { listDirectory(path: $p) { repository { tree { trees { edges { node {"
                + " name summary } } } } } } }", Map.of("p", "bob/models"))
                .body("errors[0].message", containsString("bob"))
                .body("toString()", not(containsString("private mass")));
    }
}

package org.dtaas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The route table the workspace-service reports: parsing, longest-prefix choice, path rewriting. */
class WorkspaceRoutesTest {

    private static final String REPORTED = """
            {"alice": [
              {"prefix": "/alice/", "url": "http://127.0.0.1:4100/alice/", "headers": {"Authorization": "token t"}},
              {"prefix": "/alice/tools/vnc/", "url": "http://127.0.0.1:4102/", "headers": {}},
              {"prefix": "/alice/tools/vscode/", "url": "http://127.0.0.1:4101/", "headers": {"Cookie": "s=1"}}
            ],
             "bob": "http://127.0.0.1:4200",
             "mallory": [{"prefix": "/alice/", "url": "http://127.0.0.1:4300/"}]}
            """;

    @Test
    void theLongestMatchingPrefixWinsAndItsBaseReplacesThePrefix() {
        List<ToolRoute> alice = RouteTable.longestPrefixFirst(WorkspaceRouteSync.parse(new JsonObject(REPORTED)).get("alice"));
        ToolRoute vnc = first(alice, "/alice/tools/vnc/websockify");
        assertEquals(4102, vnc.upstream().port());
        assertEquals("/websockify?x=1", vnc.rewrite("/alice/tools/vnc/websockify?x=1"));
        ToolRoute code = first(alice, "/alice/tools/vscode/static/a.js");
        assertEquals("/static/a.js", code.rewrite("/alice/tools/vscode/static/a.js"));
        assertEquals(Map.of("Cookie", "s=1"), code.headers());
        ToolRoute notebook = first(alice, "/alice/tree");
        assertEquals("/alice/tree?a=b", notebook.rewrite("/alice/tree?a=b"));
        assertEquals("token t", notebook.headers().get("Authorization"));
    }

    @Test
    void aPlainUrlServesTheWholeUserPrefixUnchanged() {
        ToolRoute bob = WorkspaceRouteSync.parse(new JsonObject(REPORTED)).get("bob").get(0);
        assertTrue(bob.matches("/bob/lab"));
        assertEquals("/bob/lab", bob.rewrite("/bob/lab"));
        assertEquals(4200, bob.upstream().port());
    }

    @Test
    void aRouteOutsideItsUsersPrefixIsDropped() {
        assertFalse(WorkspaceRouteSync.parse(new JsonObject(REPORTED)).containsKey("mallory"),
                "one user's entry must never capture another user's addresses");
    }

    @Test
    void aPrefixMatchesOnlyWholeSegments() {
        ToolRoute vnc = ToolRoute.of("/alice/tools/vnc/", "http://127.0.0.1:1/", Map.of());
        assertFalse(vnc.matches("/alice/tools/vncx"));
        assertFalse(vnc.matches("/alice/tools/vnc"));
    }

    private static ToolRoute first(List<ToolRoute> routes, String path) {
        return routes.stream().filter(r -> r.matches(path)).findFirst().orElseThrow();
    }
}

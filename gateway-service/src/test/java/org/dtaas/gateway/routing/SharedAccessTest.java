package org.dtaas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.dtaas.gateway.proxy.SharedAccess;
import org.junit.jupiter.api.Test;

/** Published services: the table from the workspace-service, and the token never reaching the service. */
class SharedAccessTest {

    @Test
    void publishedServicesMapTheirNameToTheirPort() {
        Map<String, SharedRoutes.Shared> shared = WorkspaceRouteSync.parseShared(new JsonObject("""
                {"dashboard": {"url": "http://127.0.0.1:8050/", "tokenHash": "ab12"},
                 "open-api": {"url": "http://127.0.0.1:9000/", "tokenHash": null},
                 "broken": {"url": "ftp://nowhere"}}"""));
        ToolRoute dashboard = shared.get("dashboard").route();
        assertEquals(8050, dashboard.upstream().port());
        assertEquals("/api/x?y=1", dashboard.rewrite("/shared/dashboard/api/x?y=1"));
        assertEquals("ab12", shared.get("dashboard").tokenHash());
        assertEquals(null, shared.get("open-api").tokenHash());
        assertFalse(shared.containsKey("broken"));
    }

    @Test
    void theTokenParameterIsRemovedBeforeForwarding() {
        assertEquals("/shared/d/", SharedAccess.withoutToken("/shared/d/?token=secret"));
        assertEquals("/shared/d/x?a=1&b=2", SharedAccess.withoutToken("/shared/d/x?a=1&token=secret&b=2"));
        assertEquals("/shared/d/x", SharedAccess.withoutToken("/shared/d/x"));
        assertTrue(SharedAccess.cookieName("my-twin").matches("[a-z_]+"));
    }
}

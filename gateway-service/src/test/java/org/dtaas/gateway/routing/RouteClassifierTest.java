package org.dtaas.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.http.HttpMethod;
import org.dtaas.identity.UserNames;
import org.junit.jupiter.api.Test;

class RouteClassifierTest {

    /** Every page of the web app (client-web's routes) reloads as the web app, never as a user's workspace. */
    @Test
    void everyWebAppPageIsTheWebAppEvenWhereAUserHasItsName() {
        for (String page : new String[] {"/library", "/twins", "/workbench", "/services", "/admin", "/login"}) {
            assertEquals(Target.WEB, RouteClassifier.classify(HttpMethod.GET, page).target(), page);
        }
        for (String page : new String[] {"library", "twins", "workbench", "services", "login"}) {
            assertFalse(UserNames.isValidUser(page), page + " must not be a user name");
        }
        RouteMatch tools = RouteClassifier.classify(HttpMethod.GET, "/admin/lab");
        assertEquals(Target.WORKSPACE, tools.target());
        assertEquals("admin", tools.owner());
        assertEquals(Target.WORKSPACE, RouteClassifier.classify(HttpMethod.GET, "/admin/").target());
    }

    /** A new twin is written by the library-service; listing twins and their runs stay the workspace-service's. */
    @Test
    void aNewTwinGoesToTheLibraryAndEverythingElseOfTwinsToTheWorkspaceService() {
        RouteMatch create = RouteClassifier.classify(HttpMethod.POST, "/api/twins/alice");
        assertEquals(Target.LIBRARY, create.target());
        assertEquals("alice", create.owner());
        assertEquals(Target.WORKSPACE_API, RouteClassifier.classify(HttpMethod.GET, "/api/twins/alice").target());
        assertEquals(Target.WORKSPACE_API, RouteClassifier.classify(HttpMethod.POST, "/api/twins/alice/hello/runs").target());
        assertEquals(Target.BAD_PATH, RouteClassifier.classify(HttpMethod.POST, "/api/twins/..").target());
        // a proposal's id is no owner: the library-service checks who may see and decide it
        assertEquals(Target.LIBRARY, RouteClassifier.classify(HttpMethod.POST,
                "/api/library/proposals/0b7c5c8e-2d1f-4c39-9a51-5b1e8d3f2a10/accept").target());
    }
}

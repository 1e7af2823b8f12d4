package org.dtaas.workspace.routing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each running workspace answers ({@code user -> http://host:port}). Workspace backends add a
 * route once a workspace is ready and remove it when it stops; the gateway reads the whole table.
 */
@ApplicationScoped
public class WorkspaceRoutes {

    private final ConcurrentHashMap<String, String> routes = new ConcurrentHashMap<>();

    public void add(String user, String upstreamUrl) {
        routes.put(user, upstreamUrl);
    }

    public void remove(String user) {
        routes.remove(user);
    }

    public Map<String, String> snapshot() {
        return Map.copyOf(routes);
    }
}

package org.dtaas.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.config.WatchedFile;
import org.jboss.logging.Logger;

/**
 * Where {@code /<user>/...} goes: the user's workspace as reported by the workspace-service, or a
 * fixed route an admin wrote into {@code config/routes} ("routes are data": one {@code name url}
 * pair a line; a fixed route wins). One hash lookup per request, whatever the number of users.
 */
@ApplicationScoped
public class RouteTable {

    private static final Logger LOG = Logger.getLogger(RouteTable.class);

    private final WatchedFile<Map<String, Upstream>> fixedRoutes;
    private volatile Map<String, Upstream> workspaceRoutes = Map.of();

    public RouteTable(GatewayConfig config) {
        this.fixedRoutes = new WatchedFile<>(Path.of(config.home(), "config", "routes"), RouteTable::parse, 1000);
    }

    public Optional<Upstream> workspaceOf(String user) {
        Upstream fixed = fixedRoutes.get().get(user);
        return Optional.ofNullable(fixed != null ? fixed : workspaceRoutes.get(user));
    }

    /** Replaces the workspace routes at once (readers never see a half-updated table). */
    public void replaceWorkspaceRoutes(Map<String, Upstream> routes) {
        workspaceRoutes = Map.copyOf(routes);
    }

    static Map<String, Upstream> parse(List<String> lines) {
        Map<String, Upstream> routes = new HashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            try {
                routes.put(parts[0], Upstream.parse(parts[1]));
            } catch (RuntimeException e) {
                LOG.warnf("config/routes: ignoring '%s': expected 'NAME http://host:port'", trimmed);
            }
        }
        return routes;
    }
}

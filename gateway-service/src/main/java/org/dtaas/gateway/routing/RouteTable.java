package org.dtaas.gateway.routing;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.config.WatchedFile;
import org.jboss.logging.Logger;

/**
 * Where {@code /<user>/...} goes: the routes of the user's workspace as reported by the
 * workspace-service (one per tool, longest prefix first), or a fixed route an admin wrote into
 * {@code config/routes} ("routes are data": one {@code name url} pair a line; a fixed route wins).
 * One hash lookup and a few prefix tests per request, whatever the number of users.
 */
@Singleton
public class RouteTable {

    private static final Logger LOG = Logger.getLogger(RouteTable.class);

    private final WatchedFile<Map<String, List<ToolRoute>>> fixedRoutes;
    private volatile Map<String, List<ToolRoute>> workspaceRoutes = Map.of();

    public RouteTable(GatewayConfig config) {
        this.fixedRoutes = new WatchedFile<>(Path.of(config.home(), "config", "routes"), RouteTable::parse, 1000);
    }

    /** The route of {@code user}'s workspace that serves {@code path}, if the workspace runs. */
    public Optional<ToolRoute> workspaceRoute(String user, String path) {
        for (ToolRoute route : routesOf(user)) { // a loop, not a stream: this runs on every request
            if (route.matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /**
     * Is {@code path} a tool's prefix but for its last slash ({@code /alice/tools/vscode} of
     * {@code /alice/tools/vscode/})? Asked on every request, so without building {@code path + "/"}.
     */
    public boolean isToolPrefixWithoutSlash(String user, String path) {
        for (ToolRoute route : routesOf(user)) {
            String prefix = route.prefix();
            if (prefix.length() == path.length() + 1 && prefix.charAt(path.length()) == '/' && prefix.startsWith(path)) {
                return true;
            }
        }
        return false;
    }

    /** True when the user's workspace runs (some route of it is known). */
    public boolean hasWorkspace(String user) {
        return !routesOf(user).isEmpty();
    }

    private List<ToolRoute> routesOf(String user) {
        List<ToolRoute> fixed = fixedRoutes.get().get(user);
        if (fixed != null) {
            return fixed;
        }
        return workspaceRoutes.getOrDefault(user, List.of());
    }

    /** Replaces the workspace routes at once (readers never see a half-updated table). */
    public void replaceWorkspaceRoutes(Map<String, List<ToolRoute>> routes) {
        Map<String, List<ToolRoute>> sorted = new HashMap<>();
        routes.forEach((user, list) -> sorted.put(user, longestPrefixFirst(list)));
        workspaceRoutes = Map.copyOf(sorted);
    }

    static List<ToolRoute> longestPrefixFirst(List<ToolRoute> routes) {
        List<ToolRoute> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((ToolRoute r) -> r.prefix().length()).reversed());
        return List.copyOf(sorted);
    }

    static Map<String, List<ToolRoute>> parse(List<String> lines) {
        Map<String, List<ToolRoute>> routes = new HashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            try {
                routes.put(parts[0], List.of(ToolRoute.samePath("/" + parts[0] + "/", Upstream.parse(parts[1]))));
            } catch (RuntimeException e) {
                LOG.warnf("config/routes: ignoring '%s': expected 'NAME http://host:port'", trimmed);
            }
        }
        return routes;
    }
}

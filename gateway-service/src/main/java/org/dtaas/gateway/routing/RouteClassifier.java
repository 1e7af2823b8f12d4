package org.dtaas.gateway.routing;

import io.vertx.core.http.HttpMethod;
import org.dtaas.identity.UserNames;

/**
 * Reads a (normalised) request path into a {@link RouteMatch}. The URL layout is CONTRACT.md's:
 * the owner of a resource is the path segment that follows the collection name.
 */
public final class RouteClassifier {

    /**
     * Pages of the web app whose name is also a user's: {@code /admin} (CONTRACT.md's first user is
     * "admin"). Every other page name is a reserved user name ({@link UserNames}); a user's workspace is
     * always below {@code /<user>/}, so the bare {@code /admin} is the web app's.
     */
    private static final java.util.Set<String> WEB_APP_PAGES_NAMED_LIKE_USERS = java.util.Set.of("admin");

    private RouteClassifier() {
    }

    public static RouteMatch classify(HttpMethod method, String path) {
        boolean write = !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
        String[] s = segments(path);
        String first = s.length > 0 ? s[0] : "";
        switch (first) {
            case "auth":
                return RouteMatch.of(Target.AUTH);
            case "q":
                return RouteMatch.of(s.length > 1 && s[1].equals("health") ? Target.HEALTH : Target.PLATFORM_INTERNALS);
            case "lib":
                return new RouteMatch(Target.LIBRARY, null, write);
            case "shared":
                return RouteMatch.of(Target.SHARED);
            case "api":
                return classifyApi(s, write);
            default:
                if (s.length == 1 && WEB_APP_PAGES_NAMED_LIKE_USERS.contains(first)) {
                    return RouteMatch.of(Target.WEB); // a reload of the web app's page, not that user's workspace
                }
                return UserNames.isValidUser(first) ? new RouteMatch(Target.WORKSPACE, first, true) : RouteMatch.of(Target.WEB);
        }
    }

    private static RouteMatch classifyApi(String[] s, boolean write) {
        String collection = s.length > 1 ? s[1] : "";
        switch (collection) {
            case "library":
                // /api/library/{operation}/{owner}/...; "move" names its paths in the body, "proposals" ids after it
                return owned(Target.LIBRARY, s.length > 3 ? s[3] : null, write,
                        s.length > 2 && !s[2].equals("move") && !s[2].equals("proposals"));
            case "twins":
                // a new twin (POST /api/twins/{owner}) is a write into the library; its runs are workspace work
                boolean newTwin = write && s.length == 3;
                return owned(newTwin ? Target.LIBRARY : Target.WORKSPACE_API, s.length > 2 ? s[2] : null, write, true);
            case "workspaces":
                return owned(Target.WORKSPACE_API, s.length > 2 ? s[2] : null, write, true);
            case "runs":
                return new RouteMatch(Target.WORKSPACE_API, null, write);
            case "services":
                return owned(Target.PROVISIONER, s.length > 2 ? s[2] : null, write, true);
            case "users":
                return new RouteMatch(Target.USERS, null, write);
            default:
                return RouteMatch.of(Target.UNKNOWN_API);
        }
    }

    private static RouteMatch owned(Target target, String owner, boolean write, boolean ownerInPath) {
        if (!ownerInPath || owner == null) {
            return new RouteMatch(target, null, write);
        }
        if (!UserNames.isValidOwner(owner)) {
            return RouteMatch.of(Target.BAD_PATH);
        }
        return new RouteMatch(target, owner, write);
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        // the first four segments are all any route reads; the rest stays in one piece, unsplit
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", 5);
    }
}

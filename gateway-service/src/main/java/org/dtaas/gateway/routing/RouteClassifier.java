package org.dtaas.gateway.routing;

import io.vertx.core.http.HttpMethod;
import org.dtaas.identity.UserNames;

/**
 * Reads a (normalised) request path into a {@link RouteMatch}. The URL layout is CONTRACT.md's:
 * the owner of a resource is the path segment that follows the collection name.
 */
public final class RouteClassifier {

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
                return UserNames.isValidUser(first) ? new RouteMatch(Target.WORKSPACE, first, true) : RouteMatch.of(Target.WEB);
        }
    }

    private static RouteMatch classifyApi(String[] s, boolean write) {
        String collection = s.length > 1 ? s[1] : "";
        switch (collection) {
            case "library":
                // /api/library/{operation}/{owner}/...; "move" names its paths in the body
                return owned(Target.LIBRARY, s.length > 3 ? s[3] : null, write, s.length > 2 && !s[2].equals("move"));
            case "workspaces", "twins":
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
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}

package org.dtaas.gateway.proxy;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dtaas.gateway.routing.SharedRoutes;

/**
 * The access token of a published service: sent as the {@code X-Access-Token} header by scripts, or
 * once as {@code ?token=} in a link, after which a cookie for that service's path carries it (so its
 * pages can load their assets). Compared by SHA-256, in constant time.
 */
public final class SharedAccess {

    private SharedAccess() {
    }

    public static String cookieName(String name) {
        return "dtaas_shared_" + name.replace('-', '_');
    }

    /** Does the request carry the service's token? Sets the cookie when it came in the link. */
    public static boolean admitted(RoutingContext rc, String name, SharedRoutes.Shared shared) {
        if (shared.tokenHash() == null) {
            return true;
        }
        HttpServerRequest request = rc.request();
        String fromLink = request.getParam("token");
        for (String candidate : new String[] {request.getHeader("X-Access-Token"), fromLink,
                request.getCookie(cookieName(name)) == null ? null : request.getCookie(cookieName(name)).getValue()}) {
            if (candidate != null && matches(candidate, shared.tokenHash())) {
                if (candidate.equals(fromLink)) {
                    rc.response().addCookie(Cookie.cookie(cookieName(name), candidate).setPath("/shared/" + name + "/")
                            .setHttpOnly(true).setSameSite(CookieSameSite.LAX).setSecure(request.isSSL()));
                }
                return true;
            }
        }
        return false;
    }

    /** The request URI without the {@code token} parameter (the service behind needs not see it). */
    public static String withoutToken(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return uri;
        }
        StringBuilder kept = new StringBuilder();
        for (String part : uri.substring(q + 1).split("&")) {
            if (!part.startsWith("token=") && !part.isEmpty()) {
                kept.append(kept.length() == 0 ? "?" : "&").append(part);
            }
        }
        return uri.substring(0, q) + kept;
    }

    private static boolean matches(String token, String expectedHash) {
        try {
            byte[] hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(hash, expectedHash.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

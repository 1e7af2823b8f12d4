package org.dtaas.gateway.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses state-changing requests that a browser sent from another site with the session cookie.
 * The cookie is SameSite=Lax already; this second check compares the request's Origin (or Referer)
 * with its own host, as OWASP recommends, so old browsers and sibling subdomains are covered too.
 */
public final class CsrfGuard {

    private CsrfGuard() {
    }

    public static boolean isSafe(HttpServerRequest request) {
        HttpMethod method = request.method();
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
        if (!upgrade && (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS)) {
            return true;
        }
        // a WebSocket handshake is a GET, but another site's page must not open a terminal with our cookie
        return isSameOrigin(request);
    }

    /** True when Origin (or, lacking it, Referer) names this host; false when neither is sent. */
    public static boolean isSameOrigin(HttpServerRequest request) {
        if ("cross-site".equals(request.getHeader("Sec-Fetch-Site"))) {
            return false;
        }
        // HTTP/2 carries the host as :authority, not as a Host header
        var authority = request.authority();
        if (authority == null) {
            return false;
        }
        String host = authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null) {
            return origin.equals("http://" + host) || origin.equals("https://" + host);
        }
        String referer = request.getHeader(HttpHeaders.REFERER);
        return referer != null && (referer.startsWith("http://" + host + "/") || referer.startsWith("https://" + host + "/"));
    }
}

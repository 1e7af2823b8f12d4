package org.dtaas.gateway.auth;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * One cookie's value read straight from the request's Cookie headers. Vert.x' {@code getCookie} decodes
 * every cookie of the request into objects and, when the answer is written, walks them again for
 * changes to send back: per proxied request that cost more than checking the session's signature.
 * The gateway only ever needs its own session cookie here, and whatever value it reads must still pass
 * the session's MAC, so a cookie forged in any form gains nothing.
 */
public final class RequestCookies {

    private RequestCookies() {
    }

    /**
     * The value of the first cookie called {@code name} (browsers send the one of the most specific
     * path first), without the double quotes a value may be wrapped in; null when there is none.
     */
    public static String value(HttpServerRequest request, String name) {
        return value(request.headers(), name);
    }

    /** {@link #value(HttpServerRequest, String)} from a request's headers. */
    public static String value(io.vertx.core.MultiMap requestHeaders, String name) {
        for (String header : requestHeaders.getAll(HttpHeaders.COOKIE)) {
            String value = value(header, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** {@link #value(HttpServerRequest, String)} of one Cookie header ({@code a=1; b=2}). */
    static String value(String header, String name) {
        int at = 0;
        int length = header.length();
        while (at < length) {
            while (at < length && (header.charAt(at) == ' ' || header.charAt(at) == '\t')) {
                at++;
            }
            int end = header.indexOf(';', at);
            if (end < 0) {
                end = length;
            }
            if (end - at > name.length() && header.startsWith(name, at) && header.charAt(at + name.length()) == '=') {
                return unquoted(header.substring(at + name.length() + 1, end).strip());
            }
            at = end + 1;
        }
        return null;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"'
                ? value.substring(1, value.length() - 1) : value;
    }
}

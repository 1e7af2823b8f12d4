package org.dtaas.gateway.routing;

import java.net.URI;
import java.util.Map;

/**
 * One route of a workspace: requests whose path starts with {@code prefix} go to {@code upstream}, the
 * prefix replaced by {@code upstreamBase} (as nginx's {@code proxy_pass} with a URI does), with
 * {@code headers} added (a tool's own access token or session, which the browser never sees).
 */
public record ToolRoute(String prefix, Upstream upstream, String upstreamBase, Map<String, String> headers) {

    /** A tool served under the same prefix as the gateway's ({@code /alice/} to {@code http://host:port/alice/}). */
    public static ToolRoute samePath(String prefix, Upstream upstream) {
        return new ToolRoute(prefix, upstream, prefix, Map.of());
    }

    /** Reads {@code url} as {@code http://host:port/base/}; the base defaults to the prefix. */
    public static ToolRoute of(String prefix, String url, Map<String, String> headers) {
        if (prefix == null || !prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a route prefix starts and ends with '/', got " + prefix);
        }
        String path = URI.create(url.strip()).getRawPath();
        String base = path == null || path.isEmpty() ? prefix : path.endsWith("/") ? path : path + "/";
        return new ToolRoute(prefix, Upstream.parse(url), base, Map.copyOf(headers));
    }

    public boolean matches(String path) {
        return path.startsWith(prefix);
    }

    /** The request URI (path and query) as the upstream expects it. */
    public String rewrite(String uri) {
        return uri.startsWith(prefix) ? upstreamBase + uri.substring(prefix.length()) : uri;
    }
}

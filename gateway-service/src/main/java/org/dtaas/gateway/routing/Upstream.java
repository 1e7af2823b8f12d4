package org.dtaas.gateway.routing;

import java.net.URI;

/**
 * A plain-HTTP server the gateway forwards to: at {@code host:port}, or, when {@code socket} is set, on
 * that Unix socket ({@code host:port} then still names it in the {@code Host} header).
 */
public record Upstream(String host, int port, String socket) {

    public Upstream(String host, int port) {
        this(host, port, null);
    }

    /** Parses {@code http://host:port} (a path, if any, is ignored: upstreams serve under the same prefix). */
    public static Upstream parse(String url) {
        URI uri = URI.create(url.strip());
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("upstream must be http://host:port, got " + url);
        }
        return new Upstream(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80);
    }

    /** The same server, reached on the Unix socket {@code path}. */
    public Upstream onSocket(String path) {
        return new Upstream(host, port, path);
    }
}

package org.dtaas.gateway.routing;

import java.net.URI;

/** A plain-HTTP server the gateway forwards to. */
public record Upstream(String host, int port) {

    /** Parses {@code http://host:port} (a path, if any, is ignored: upstreams serve under the same prefix). */
    public static Upstream parse(String url) {
        URI uri = URI.create(url.strip());
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("upstream must be http://host:port, got " + url);
        }
        return new Upstream(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80);
    }
}

package org.dtaas.gateway.routing;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.identity.UserNames;

/**
 * The users' tools origins ({@code dtaas.gateway.tools.url}, e.g. {@code http://{user}.localhost:8080}):
 * which user's origin a request came to, and where a user's origin is. A template without a port takes
 * any port (a reverse proxy in front decides).
 */
@Singleton
public class ToolOrigins {

    private final String scheme;
    private final String hostPrefix;
    private final String hostSuffix;
    private final int port;
    private final boolean enabled;

    @jakarta.inject.Inject
    public ToolOrigins(GatewayConfig config) {
        this(config.gateway().tools().url().filter(u -> !u.isBlank()));
    }

    ToolOrigins(Optional<String> template) {
        this.enabled = template.isPresent();
        String url = template.orElse("http://{user}.invalid");
        int at = url.indexOf("{user}");
        if (at < 0) {
            throw new IllegalArgumentException("DTAAS_TOOLS_URL is '" + url + "'; it must contain {user}, e.g."
                    + " http://{user}.localhost:8080");
        }
        URI uri = URI.create(url.replace("{user}", "user"));
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("DTAAS_TOOLS_URL is '" + url + "'; it is an origin: scheme, host with {user},"
                    + " port; no path");
        }
        this.scheme = uri.getScheme();
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int userAt = host.indexOf("user");
        this.hostPrefix = host.substring(0, userAt);
        this.hostSuffix = host.substring(userAt + "user".length());
        this.port = uri.getPort();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The user whose tools origin the request was sent to, if it was sent to one. */
    public Optional<String> ownerOf(HttpServerRequest request) {
        if (!enabled || request.authority() == null) {
            return Optional.empty();
        }
        return ownerOf(request.authority().host(), request.authority().port());
    }

    /** {@link #ownerOf(HttpServerRequest)} of a request whose Host header is {@code hostHeader} (read as Vert.x reads it). */
    public Optional<String> ownerOfHost(String hostHeader) {
        if (!enabled || hostHeader == null) {
            return Optional.empty();
        }
        io.vertx.core.net.HostAndPort authority = io.vertx.core.net.HostAndPort.parseAuthority(hostHeader, -1);
        return authority == null ? Optional.empty() : ownerOf(authority.host(), authority.port());
    }

    Optional<String> ownerOf(String host, int requestPort) {
        String name = host.toLowerCase(Locale.ROOT);
        if (!enabled || !name.startsWith(hostPrefix) || !name.endsWith(hostSuffix)
                || name.length() <= hostPrefix.length() + hostSuffix.length()) {
            return Optional.empty();
        }
        if (port > 0 && requestPort != port) {
            return Optional.empty();
        }
        String user = name.substring(hostPrefix.length(), name.length() - hostSuffix.length());
        return UserNames.isValidUser(user) ? Optional.of(user) : Optional.empty();
    }

    /** {@code user}'s tools origin, e.g. {@code http://alice.localhost:8080}. */
    public String originOf(String user) {
        return scheme + "://" + hostPrefix + user + hostSuffix + (port > 0 ? ":" + port : "");
    }
}

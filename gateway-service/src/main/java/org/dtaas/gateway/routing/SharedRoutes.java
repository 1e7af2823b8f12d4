package org.dtaas.gateway.routing;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/** The published digital-twin services ({@code /shared/<name>/}), as the workspace-service last reported them. */
@Singleton
public class SharedRoutes {

    /** A published service: where it answers, and the SHA-256 of its access token (null: public). */
    public record Shared(ToolRoute route, String tokenHash) {
    }

    private volatile Map<String, Shared> services = Map.of();

    public Optional<Shared> find(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public void replace(Map<String, Shared> published) {
        services = Map.copyOf(published);
    }
}

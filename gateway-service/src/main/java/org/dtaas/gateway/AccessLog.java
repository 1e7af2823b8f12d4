package org.dtaas.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dtaas.gateway.identity.Authentication;
import org.dtaas.gateway.identity.GatewayKeys;
import org.dtaas.gateway.routing.RouteMatch;
import org.jboss.logging.Logger;

/**
 * One log line per request (user, method, path without query, route, status, milliseconds) and a
 * Prometheus timer {@code dtaas_gateway_requests_seconds{route,status}} whose tags stay few:
 * route kinds and status classes, never raw paths.
 */
@ApplicationScoped
public class AccessLog {

    private static final Logger LOG = Logger.getLogger("dtaas.access");

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public AccessLog(MeterRegistry registry) {
        this.registry = registry;
    }

    public void begin(RoutingContext rc) {
        long start = System.nanoTime();
        rc.addEndHandler(done -> end(rc, System.nanoTime() - start));
        rc.next();
    }

    private void end(RoutingContext rc, long nanos) {
        RouteMatch route = rc.get(GatewayKeys.ROUTE);
        String routeName = route == null ? "none" : route.target().name().toLowerCase();
        int status = rc.response().getStatusCode();
        String user = rc.get(GatewayKeys.AUTHENTICATION) instanceof Authentication.SignedIn s ? s.caller().user() : "-";
        timers.computeIfAbsent(routeName + status / 100, k -> Timer.builder("dtaas.gateway.requests")
                .description("Requests through the gateway").tag("route", routeName).tag("status", status / 100 + "xx")
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        if (LOG.isInfoEnabled()) {
            // built by hand: String.format would cost more than forwarding a small request
            long tenthsOfMs = nanos / 100_000;
            LOG.info(new StringBuilder(96).append(user).append(' ').append(rc.request().method().name()).append(' ')
                    .append(rc.request().path()).append(' ').append(routeName).append(' ').append(status).append(' ')
                    .append(tenthsOfMs / 10).append('.').append(tenthsOfMs % 10).append("ms").toString());
        }
    }
}

package org.dtaas.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dtaas.gateway.identity.Authentication;
import org.dtaas.gateway.identity.GatewayKeys;
import org.dtaas.gateway.routing.RouteMatch;
import org.jboss.logging.Logger;

/**
 * One log line per request (user, method, path without query, route, status, milliseconds; written
 * in batches by {@link AccessLogWriter}, off the event loop) and a
 * Prometheus timer {@code dtaas_gateway_requests_seconds{route,status}} whose tags stay few:
 * route kinds and status classes, never raw paths.
 */
@Singleton
public class AccessLog {

    private static final Logger LOG = Logger.getLogger("dtaas.access");

    /** The routes' names as logged and tagged, made once (not lower-cased per request). */
    private static final String[] ROUTE_NAMES = java.util.Arrays.stream(org.dtaas.gateway.routing.Target.values())
            .map(target -> target.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    /** Beside the console's own lines, to the same output (the service's log). */
    private final AccessLogWriter writer = new AccessLogWriter(new FileOutputStream(FileDescriptor.out));

    public AccessLog(MeterRegistry registry) {
        this.registry = registry;
    }

    @PreDestroy
    void flush() {
        writer.close();
    }

    public void begin(RoutingContext rc) {
        long start = System.nanoTime();
        rc.addEndHandler(done -> end(rc, System.nanoTime() - start));
        rc.next();
    }

    private void end(RoutingContext rc, long nanos) {
        RouteMatch route = rc.get(GatewayKeys.ROUTE);
        String routeName = route == null ? "none" : ROUTE_NAMES[route.target().ordinal()];
        int status = rc.response().getStatusCode();
        String user = rc.get(GatewayKeys.AUTHENTICATION) instanceof Authentication.SignedIn s ? s.caller().user() : "-";
        timers.computeIfAbsent(routeName + status / 100, k -> Timer.builder("dtaas.gateway.requests")
                .description("Requests through the gateway").tag("route", routeName).tag("status", status / 100 + "xx")
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        // the level of dtaas.access still switches the lines off (quarkus.log.category."dtaas.access".level)
        if (LOG.isInfoEnabled()) {
            // built by hand: String.format would cost more than forwarding a small request
            long tenthsOfMs = nanos / 100_000;
            writer.log(new StringBuilder(96).append(user).append(' ').append(rc.request().method().name()).append(' ')
                    .append(rc.request().path()).append(' ').append(routeName).append(' ').append(status).append(' ')
                    .append(tenthsOfMs / 10).append('.').append(tenthsOfMs % 10).append("ms").toString());
        }
    }
}

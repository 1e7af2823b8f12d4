package org.dtaas.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
    /**
     * By route (its ordinal; "none" last) and status class: found without building a key per request.
     * Two event loops may register the same timer at once; Micrometer then hands both the same one.
     */
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>((ROUTE_NAMES.length + 1) * STATUS_CLASSES);
    private static final int STATUS_CLASSES = 10; // a status is three digits: 0xx (none sent) to 9xx
    /** Beside the console's own lines, to the same output (the service's log). */
    private final AccessLogWriter writer = new AccessLogWriter(new FileOutputStream(FileDescriptor.out));

    public AccessLog(MeterRegistry registry) {
        this.registry = registry;
    }

    @PreDestroy
    void flush() {
        writer.close();
    }

    private Timer timer(int routeIndex, String routeName, int status) {
        int statusClass = Math.min(Math.max(status / 100, 0), STATUS_CLASSES - 1);
        int slot = routeIndex * STATUS_CLASSES + statusClass;
        Timer timer = timers.get(slot);
        if (timer == null) {
            timer = Timer.builder("dtaas.gateway.requests").description("Requests through the gateway")
                    .tag("route", routeName).tag("status", statusClass + "xx").register(registry);
            timers.set(slot, timer);
        }
        return timer;
    }

    public void begin(RoutingContext rc) {
        long start = System.nanoTime();
        rc.addEndHandler(done -> end(rc, System.nanoTime() - start));
        rc.next();
    }

    /** A WebSocket tunnel closed after {@code nanos}: its line, as the 101 it was (Vert.x calls no end handler for it). */
    public void tunnelEnded(RoutingContext rc, long nanos) {
        end(rc, nanos);
    }

    private void end(RoutingContext rc, long nanos) {
        RouteMatch route = rc.get(GatewayKeys.ROUTE);
        String user = rc.get(GatewayKeys.AUTHENTICATION) instanceof Authentication.SignedIn s ? s.caller().user() : "-";
        // the end of a request whose answer never began: its client left (Vert.x calls this as the connection
        // closes, with the 200 every response starts with); an upgrade's 101 goes out without marking the head written
        int status = rc.response().getStatusCode();
        if (!rc.response().headWritten() && status != 101) {
            status = org.dtaas.gateway.proxy.UpstreamProxy.CLIENT_LEFT;
        }
        record(user, rc.request().method().name(), rc.request().path(), route == null ? null : route.target(), status, nanos);
    }

    /** The line and the timer of one request ({@code route} null: none was decided; {@code user} "-": nobody). */
    public void record(String user, String method, String path, org.dtaas.gateway.routing.Target route, int status, long nanos) {
        int routeIndex = route == null ? ROUTE_NAMES.length : route.ordinal();
        String routeName = route == null ? "none" : ROUTE_NAMES[routeIndex];
        timer(routeIndex, routeName, status).record(nanos, TimeUnit.NANOSECONDS);
        // the level of dtaas.access still switches the lines off (quarkus.log.category."dtaas.access".level)
        if (LOG.isInfoEnabled()) {
            // built by hand: String.format would cost more than forwarding a small request
            long tenthsOfMs = nanos / 100_000;
            writer.log(new StringBuilder(96).append(user).append(' ').append(method).append(' ')
                    .append(path).append(' ').append(routeName).append(' ').append(status).append(' ')
                    .append(tenthsOfMs / 10).append('.').append(tenthsOfMs % 10).append("ms").toString());
        }
    }
}

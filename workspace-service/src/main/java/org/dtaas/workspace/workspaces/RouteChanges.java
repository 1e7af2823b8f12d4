package org.dtaas.workspace.workspaces;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Tells the gateways when the route table changes, so a tool is routable the moment it is reported
 * ready: each gateway replica follows {@code GET /internal/routes/changes} and fetches the table on
 * every new version (its periodic fetch stays as the safety net). The backends keep their routes in
 * memory, so comparing the table every {@value #CHECK_MILLIS} ms costs next to nothing and needs no
 * hook in each backend.
 */
@ApplicationScoped
public class RouteChanges {

    private static final Logger LOG = Logger.getLogger(RouteChanges.class);
    static final long CHECK_MILLIS = 100;
    /** An event even without change, so a gateway notices a dead connection and reconnects. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Supplier<Map<String, List<ToolRoute>>> routes;
    private final AtomicLong version = new AtomicLong(1);
    private final String instance = Long.toHexString(new java.security.SecureRandom().nextLong());
    private final BroadcastProcessor<Long> changes = BroadcastProcessor.create();
    private volatile Map<String, List<ToolRoute>> last = Map.of();
    private ScheduledExecutorService timer;

    @jakarta.inject.Inject
    public RouteChanges(WorkspaceService workspaces) {
        this((Supplier<Map<String, List<ToolRoute>>>) workspaces::routes);
    }

    RouteChanges(Supplier<Map<String, List<ToolRoute>>> routes) {
        this.routes = routes;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dtaas-route-changes");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        changes.onComplete();
    }

    /** Compares the table with the last one; a difference is a new version, told to every follower. */
    void check() {
        try {
            current();
        } catch (RuntimeException e) {
            LOG.debugf("route table not read: %s", e.getMessage());
        }
    }

    public long version() {
        return version.get();
    }

    /** A route table with the entity tag of its version. */
    public record Tagged(String tag, Map<String, List<ToolRoute>> routes) {
    }

    /**
     * The table as it is now, with its version as an entity tag: a change not yet seen by the periodic
     * comparison is compared (and told) first, so the tag always names exactly this table. The tag names
     * this instance too: versions start again at 1 after a restart, and a gateway must not take a
     * restarted service's version 5 for the old one's.
     */
    public synchronized Tagged current() {
        // a table that cannot be read is an error for the caller, never an empty table
        Map<String, List<ToolRoute>> now = routes.get();
        if (!now.equals(last)) {
            last = now;
            changes.onNext(version.incrementAndGet());
        }
        return new Tagged("\"" + instance + "-" + version.get() + "\"", now);
    }

    /** The current version at once, then each new one, and the current one again every {@link #HEARTBEAT}. */
    public Multi<Long> follow() {
        Multi<Long> heartbeats = Multi.createFrom().ticks().startingAfter(HEARTBEAT).every(HEARTBEAT).map(tick -> version.get());
        return Multi.createBy().merging().streams(Multi.createFrom().item(version::get), changes, heartbeats);
    }
}

package org.dtaas.gateway.routing;

import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.identity.ServiceTokenIssuer;
import org.jboss.logging.Logger;

/**
 * Keeps the route table in step with the workspace-service: on every change it is told of ({@link
 * #follow}) and every second as a safety net it asks {@code GET /internal/routes} ({@code {"user":
 * [{"prefix","url","headers"}, ...]}}) and the published services ({@code GET /internal/shared}) and
 * swaps the tables. When the workspace-service is away the last known table stays, so running
 * workspaces stay reachable.
 */
@Singleton
public class WorkspaceRouteSync {

    private static final Logger LOG = Logger.getLogger(WorkspaceRouteSync.class);

    private final RouteTable table;
    private final SharedRoutes shared;
    private final ServiceTokenIssuer tokens;
    private final Upstream workspaceService;
    private final HttpClient client;
    private final Vertx vertx;
    private volatile boolean reachable = true;
    /** Fetches are numbered: one that answers after a newer one has been applied is dropped. */
    private final java.util.concurrent.atomic.AtomicLong fetches = new java.util.concurrent.atomic.AtomicLong();
    /** The number of the fetch whose table is in (guarded by this object's lock, see {@link #apply}). */
    private long appliedFetch;
    /** The version tag of that table; sent as If-None-Match. */
    private volatile String appliedTag;
    private volatile long seenVersion = -1;
    private volatile boolean stopped;
    private final boolean push;

    public WorkspaceRouteSync(RouteTable table, SharedRoutes shared, ServiceTokenIssuer tokens, GatewayConfig config, Vertx vertx) {
        this.table = table;
        this.shared = shared;
        this.tokens = tokens;
        this.workspaceService = Upstream.parse(config.gateway().workspaceUrl());
        this.client = vertx.createHttpClient();
        this.vertx = vertx;
        this.push = config.gateway().routePush();
    }

    /** Follows the workspace-service's route changes from the start (see {@link #follow}). */
    void start(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        if (push) {
            follow();
        }
    }

    void stop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopped = true;
    }

    /**
     * Pushed routes: {@code GET /internal/routes/changes} sends the table's version whenever a route
     * appears or goes; each new version fetches the table at once, so a tool is routable the moment the
     * workspace-service reports it ready. A lost stream is opened again after a second; meanwhile the
     * periodic fetch keeps the table.
     */
    void follow() {
        if (stopped) {
            return;
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(workspaceService.host())
                .setPort(workspaceService.port()).setURI("/internal/routes/changes").setConnectTimeout(1000)
                .setIdleTimeout(60_000) // the stream's heartbeat comes every 15 s
                .putHeader(HttpHeaders.ACCEPT, "text/event-stream")
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.tokenFor(ServiceTokenIssuer.GATEWAY));
        client.request(request).compose(r -> r.send()).onComplete(result -> {
            if (result.failed() || result.result().statusCode() != 200) {
                LOG.debugf("route changes not followed (%s); again in a second",
                        result.failed() ? result.cause().getMessage() : "status " + result.result().statusCode());
                followAgainSoon();
                return;
            }
            HttpClientResponse response = result.result();
            StringBuilder pending = new StringBuilder();
            response.handler(chunk -> {
                pending.append(chunk.toString(java.nio.charset.StandardCharsets.UTF_8));
                for (int end; (end = pending.indexOf("\n")) >= 0; ) {
                    String line = pending.substring(0, end).strip();
                    pending.delete(0, end + 1);
                    if (line.startsWith("data:")) {
                        versionSeen(line.substring(5).strip());
                    }
                }
            });
            response.exceptionHandler(e -> { });
            response.endHandler(done -> followAgainSoon());
        });
    }

    private void versionSeen(String data) {
        try {
            long version = Long.parseLong(data);
            if (version != seenVersion) {
                seenVersion = version;
                refresh();
            }
        } catch (NumberFormatException ignored) {
            // not a version: a newer workspace-service's event this gateway does not know
        }
    }

    private void followAgainSoon() {
        if (!stopped) {
            vertx.setTimer(1000, id -> follow());
        }
    }

    @Scheduled(every = "${dtaas.gateway.route-refresh:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        long fetch = fetches.incrementAndGet();
        fetchRoutes().compose(answer -> answer == null ? io.vertx.core.Future.<Void>succeededFuture()
                // parsing and sorting a large table takes long enough to stall an event loop's requests
                : vertx.<Void>executeBlocking(() -> {
                    apply(fetch, answer);
                    return null;
                }, false)).compose(v -> fetch("/internal/shared")).onComplete(result -> {
            if (result.succeeded()) {
                shared.replace(parseShared(result.result()));
                if (!reachable) {
                    LOG.info("workspace-service reachable again; workspace routes refreshed");
                }
                reachable = true;
            } else if (reachable) {
                reachable = false;
                LOG.warnf("cannot refresh workspace routes from %s:%d (%s); keeping the last known routes",
                        workspaceService.host(), workspaceService.port(), result.cause().getMessage());
            }
        });
    }

    /** A route table as fetched, with the version it is tagged with (null from a service that tags none). */
    private record RoutesAnswer(io.vertx.core.buffer.Buffer body, String tag) {
    }

    /**
     * The route table, or null (a 304) when the workspace-service's table still has the version this
     * gateway applied last: the safety net's fetch every second then moves no table and parses none.
     */
    private io.vertx.core.Future<RoutesAnswer> fetchRoutes() {
        RequestOptions request = internalGet("/internal/routes");
        String known = appliedTag;
        if (known != null) {
            request.putHeader(HttpHeaders.IF_NONE_MATCH, known);
        }
        return client.request(request).compose(r -> r.send()).compose(response -> {
            if (response.statusCode() == 304) {
                return io.vertx.core.Future.succeededFuture(null);
            }
            if (response.statusCode() != 200) {
                return io.vertx.core.Future.failedFuture("status " + response.statusCode());
            }
            String tag = response.getHeader(HttpHeaders.ETAG);
            return response.body().map(body -> new RoutesAnswer(body, tag));
        });
    }

    /** Swaps in the table of fetch number {@code fetch}, unless a later fetch's is in already. */
    private synchronized void apply(long fetch, RoutesAnswer answer) {
        if (fetch <= appliedFetch) {
            return;
        }
        table.replaceWorkspaceRoutes(parse(answer.body().toJsonObject()));
        appliedFetch = fetch;
        appliedTag = answer.tag();
    }

    private RequestOptions internalGet(String uri) {
        return new RequestOptions().setMethod(HttpMethod.GET).setHost(workspaceService.host())
                .setPort(workspaceService.port()).setURI(uri).setConnectTimeout(1000).setIdleTimeout(2000)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.tokenFor(ServiceTokenIssuer.GATEWAY));
    }

    private io.vertx.core.Future<JsonObject> fetch(String uri) {
        return client.request(internalGet(uri)).compose(r -> r.send()).compose(this::bodyOf);
    }

    /** {@code {"name": {"url": "http://127.0.0.1:8050/", "tokenHash": "..." | null}}}. */
    static Map<String, SharedRoutes.Shared> parseShared(JsonObject json) {
        Map<String, SharedRoutes.Shared> services = new HashMap<>();
        for (String name : json.fieldNames()) {
            try {
                JsonObject entry = json.getJsonObject(name);
                services.put(name, new SharedRoutes.Shared(ToolRoute.of("/shared/" + name + "/", entry.getString("url"), Map.of()),
                        entry.getString("tokenHash")));
            } catch (RuntimeException e) {
                LOG.warnf("workspace-service reported an unusable published service %s: %s", name, e.getMessage());
            }
        }
        return services;
    }

    private io.vertx.core.Future<JsonObject> bodyOf(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return io.vertx.core.Future.failedFuture("status " + response.statusCode());
        }
        return response.body().map(io.vertx.core.buffer.Buffer::toJsonObject);
    }

    static Map<String, List<ToolRoute>> parse(JsonObject json) {
        Map<String, List<ToolRoute>> routes = new HashMap<>();
        for (String user : json.fieldNames()) {
            try {
                routes.put(user, routesOf(user, json.getValue(user)));
            } catch (RuntimeException e) {
                LOG.warnf("workspace-service reported an unusable route for %s: %s", user, e.getMessage());
            }
        }
        return routes;
    }

    /** A list of tool routes, each under {@code /<user>/}; a plain URL string means the whole prefix. */
    private static List<ToolRoute> routesOf(String user, Object value) {
        String userPrefix = "/" + user + "/";
        if (value instanceof String url) {
            return List.of(ToolRoute.samePath(userPrefix, Upstream.parse(url)));
        }
        List<ToolRoute> list = new ArrayList<>();
        for (Object item : (JsonArray) value) {
            JsonObject route = (JsonObject) item;
            String prefix = route.getString("prefix");
            if (prefix == null || !prefix.startsWith(userPrefix)) {
                throw new IllegalArgumentException("prefix " + prefix + " is not under " + userPrefix);
            }
            Map<String, String> headers = new HashMap<>();
            JsonObject given = route.getJsonObject("headers", new JsonObject());
            given.fieldNames().forEach(name -> headers.put(name, given.getString(name)));
            list.add(ToolRoute.of(prefix, route.getString("url"), headers));
        }
        return list;
    }
}

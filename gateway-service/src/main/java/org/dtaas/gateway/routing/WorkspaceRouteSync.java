package org.dtaas.gateway.routing;

import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.proxy.ServiceTokenIssuer;
import org.jboss.logging.Logger;

/**
 * Keeps the route table in step with the workspace-service: every few seconds it asks
 * {@code GET /internal/routes} ({@code {"user": "http://host:port"}}) and swaps the table. When the
 * workspace-service is away the last known table stays, so running workspaces stay reachable.
 */
@ApplicationScoped
public class WorkspaceRouteSync {

    private static final Logger LOG = Logger.getLogger(WorkspaceRouteSync.class);

    private final RouteTable table;
    private final ServiceTokenIssuer tokens;
    private final Upstream workspaceService;
    private final HttpClient client;
    private volatile boolean reachable = true;

    public WorkspaceRouteSync(RouteTable table, ServiceTokenIssuer tokens, GatewayConfig config, Vertx vertx) {
        this.table = table;
        this.tokens = tokens;
        this.workspaceService = Upstream.parse(config.gateway().workspaceUrl());
        this.client = vertx.createHttpClient();
    }

    @Scheduled(every = "${dtaas.gateway.route-refresh:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(workspaceService.host())
                .setPort(workspaceService.port()).setURI("/internal/routes").setConnectTimeout(1000).setIdleTimeout(2000)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.tokenFor(ServiceTokenIssuer.GATEWAY));
        client.request(request).compose(r -> r.send()).compose(this::bodyOf).onComplete(result -> {
            if (result.succeeded()) {
                table.replaceWorkspaceRoutes(parse(result.result()));
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

    private io.vertx.core.Future<JsonObject> bodyOf(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return io.vertx.core.Future.failedFuture("status " + response.statusCode());
        }
        return response.body().map(io.vertx.core.buffer.Buffer::toJsonObject);
    }

    private static Map<String, Upstream> parse(JsonObject json) {
        Map<String, Upstream> routes = new HashMap<>();
        for (String user : json.fieldNames()) {
            try {
                routes.put(user, Upstream.parse(json.getString(user)));
            } catch (RuntimeException e) {
                LOG.warnf("workspace-service reported an unusable route for %s: %s", user, json.getValue(user));
            }
        }
        return routes;
    }
}

package org.dtaas.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.dtaas.gateway.auth.Authenticator;
import org.dtaas.gateway.auth.ToolSessions;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.identity.SessionStore;
import org.dtaas.gateway.proxy.ConnectionFastPath;
import org.dtaas.gateway.routing.AccessPolicy;
import org.dtaas.gateway.routing.RouteClassifier;
import org.dtaas.gateway.routing.RouteMatch;
import org.dtaas.gateway.routing.RouteTable;
import org.dtaas.gateway.routing.Target;
import org.dtaas.gateway.routing.ToolOrigins;
import org.dtaas.gateway.routing.ToolRoute;

/**
 * The gateway's decision for {@link ConnectionFastPath}: is this GET or HEAD one that {@link GatewayRouter}
 * would sign in by a session cookie and forward to a tool, with nothing to write but the tool's answer?
 * It asks the same parts in the same order as the router (tools origin or platform origin, the origin's
 * cookie, the route, the access policy, the route table) and answers null — the router decides — for
 * everything else: no cookie or a cookie due for renewal (the router re-issues it), the provider's sign-in
 * (OIDC on the platform's origin), the hand-off, published services, a redirect to a tools origin or to a
 * tool's prefix with its slash, a refusal of any kind, a workspace that is not running.
 */
@Singleton
public class ToolFastPath implements ConnectionFastPath.Decider {

    private final ToolOrigins toolOrigins;
    private final ToolSessions toolSessions;
    private final Authenticator authenticator;
    private final SessionStore sessions;
    private final RouteTable routes;
    private final AccessLog accessLog;
    private final boolean providerSignIn;
    /** Requests answered here: {@code dtaas_gateway_fast_path_requests_total} (the rest took the router). */
    private final io.micrometer.core.instrument.Counter taken;

    public ToolFastPath(ToolOrigins toolOrigins, ToolSessions toolSessions, Authenticator authenticator, SessionStore sessions,
            RouteTable routes, AccessLog accessLog, GatewayConfig config, io.micrometer.core.instrument.MeterRegistry registry) {
        this.taken = io.micrometer.core.instrument.Counter.builder("dtaas.gateway.fast.path.requests")
                .description("Requests to tools served below Vert.x' HTTP server").register(registry);
        this.toolOrigins = toolOrigins;
        this.toolSessions = toolSessions;
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.routes = routes;
        this.accessLog = accessLog;
        this.providerSignIn = config.gateway().oidc().enabled();
    }

    @Override
    public ConnectionFastPath.Taken decide(HttpMethod method, String path, MultiMap headers) {
        Optional<String> toolsOwner = toolOrigins.ownerOfHost(headers.get(HttpHeaders.HOST));
        Optional<SessionStore.Session> session;
        if (toolsOwner.isPresent()) {
            if (path.equals(ToolSessions.HANDOFF_PATH)) {
                return null;
            }
            session = toolSessions.session(headers, toolsOwner.get());
        } else {
            // the provider's sign-in comes first on the platform's origin; with tools origins, tools are not served there
            if (providerSignIn || toolOrigins.enabled() || path.startsWith("/shared/")) {
                return null;
            }
            session = authenticator.session(headers);
        }
        if (session.isEmpty() || sessions.renewalDue(session.get())) {
            return null;
        }
        RouteMatch route = RouteClassifier.classify(method, path);
        if (route.target() != Target.WORKSPACE || toolsOwner.isPresent() && !toolsOwner.get().equals(route.owner())
                || AccessPolicy.decide(route, authenticator.signedIn(session.get())) != AccessPolicy.Verdict.ALLOW
                || routes.isToolPrefixWithoutSlash(route.owner(), path)) {
            return null;
        }
        Optional<ToolRoute> tool = routes.workspaceRoute(route.owner(), path);
        return tool.map(t -> new ConnectionFastPath.Taken(t, session.get().user())).orElse(null);
    }

    @Override
    public void log(ConnectionFastPath.Taken taken, String method, String path, int status, long nanos) {
        this.taken.increment();
        accessLog.record(taken.user(), method, path, Target.WORKSPACE, status, nanos);
    }
}

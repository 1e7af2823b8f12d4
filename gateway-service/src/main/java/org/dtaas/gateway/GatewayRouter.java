package org.dtaas.gateway;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.dtaas.gateway.auth.AuthRoutes;
import org.dtaas.gateway.identity.Authentication;
import org.dtaas.gateway.auth.CsrfGuard;
import org.dtaas.gateway.identity.GatewayKeys;
import org.dtaas.gateway.auth.MetricsScrapeToken;
import org.dtaas.gateway.auth.SignIn;
import org.dtaas.gateway.auth.ToolSessions;
import org.dtaas.gateway.auth.UserAdminRoutes;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.identity.SessionStore;
import org.dtaas.gateway.identity.ServiceTokenIssuer;
import org.dtaas.gateway.proxy.SharedAccess;
import org.dtaas.gateway.proxy.UpstreamProxy;
import org.dtaas.gateway.routing.AccessPolicy;
import org.dtaas.gateway.routing.RouteClassifier;
import org.dtaas.gateway.routing.RouteMatch;
import org.dtaas.gateway.routing.RouteTable;
import org.dtaas.gateway.routing.SharedRoutes;
import org.dtaas.gateway.routing.ToolOrigins;
import org.dtaas.gateway.routing.Upstream;
import org.dtaas.gateway.AccessLog;
import org.dtaas.gateway.web.ErrorResponses;
import org.dtaas.gateway.web.SpaFallback;
import org.dtaas.identity.Caller;

/**
 * The gateway's request pipeline, in order: access log, canonical path check, authentication,
 * access policy, CSRF check, then either the gateway's own routes, a platform service (with an
 * internal identity token), a user's workspace, or the web app.
 */
@Singleton
public class GatewayRouter {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(GatewayRouter.class);

    /** Before Quarkus' own routes (/q/*, static files), after its framework handlers. */
    private static final int FIRST = -1000;
    /**
     * After Quarkus' HTTP security (authentication at -200, permission checks at -100), so that the
     * identity quarkus-oidc verified (code-flow session or bearer token) is on the request, and its
     * redirects to and from the provider happen before the gateway routes anything.
     */
    private static final int AFTER_SECURITY = -90;

    private final SignIn signIn;
    private final AuthRoutes authRoutes;
    private final UserAdminRoutes userAdminRoutes;
    private final RouteTable routes;
    private final SharedRoutes shared;
    private final ServiceTokenIssuer tokens;
    private final AccessLog accessLog;
    private final SpaFallback spa;
    private final GatewayConfig config;
    private final MetricsScrapeToken metricsToken;
    private final ToolOrigins toolOrigins;
    private final ToolSessions toolSessions;
    private final Upstream library;
    private final Upstream workspaces;
    private final Upstream provisioner;
    private final ToolFastPath toolFastPath;
    private UpstreamProxy proxy;

    public GatewayRouter(SignIn signIn, AuthRoutes authRoutes, UserAdminRoutes userAdminRoutes,
            RouteTable routes, SharedRoutes shared, ServiceTokenIssuer tokens, AccessLog accessLog, SpaFallback spa,
            GatewayConfig config, MetricsScrapeToken metricsToken, ToolOrigins toolOrigins, ToolSessions toolSessions,
            ToolFastPath toolFastPath) {
        this.toolFastPath = toolFastPath;
        this.metricsToken = metricsToken;
        this.toolOrigins = toolOrigins;
        this.toolSessions = toolSessions;
        this.signIn = signIn;
        this.authRoutes = authRoutes;
        this.userAdminRoutes = userAdminRoutes;
        this.routes = routes;
        this.shared = shared;
        this.tokens = tokens;
        this.accessLog = accessLog;
        this.spa = spa;
        this.config = config;
        Upstream libraryAtUrl = Upstream.parse(config.gateway().libraryUrl());
        this.library = config.gateway().librarySocket().filter(path -> !path.isBlank()).map(libraryAtUrl::onSocket)
                .orElse(libraryAtUrl);
        this.workspaces = Upstream.parse(config.gateway().workspaceUrl());
        this.provisioner = Upstream.parse(config.gateway().provisionerUrl());
    }

    void install(@Observes Router router, Vertx vertx) {
        proxy = new UpstreamProxy(vertx, config, config.gateway().fastPath() ? toolFastPath : null, accessLog::tunnelEnded);
        if (config.gateway().shared().port() > 0) {
            listenForPublishedServices(vertx);
        }
        router.route().order(FIRST).handler(rc -> {
            proxy.watch(rc.request()); // first, while Vert.x has no other request of the connection
            accessLog.begin(rc);
        });
        int signIn = signInOrder();
        router.route().order(signIn).handler(rc -> authenticate(rc, vertx));
        router.route().order(signIn + 1).handler(this::dispatch);
        authRoutes.register(router, vertx, AFTER_SECURITY + 2);
        userAdminRoutes.register(router, vertx, AFTER_SECURITY + 2);
        spa.register(router);
    }

    /**
     * Where the gateway signs requests in and routes them. With OIDC on, after Quarkus' HTTP security,
     * whose identity (the provider's session or bearer token) is one of the sign-in methods. With OIDC
     * off that security has nothing to say (HTTP Basic and the session cookie are the gateway's own), yet
     * asked it would run its authentication chain for every request (about a tenth of the CPU of a small
     * proxied request, profiled): then the gateway comes first, and only what it hands on (its own pages,
     * health, the web app) passes Quarkus' handlers.
     */
    private int signInOrder() {
        return config.gateway().oidc().enabled() ? AFTER_SECURITY : FIRST + 1;
    }

    void started(@Observes StartupEvent event) {
        // fail at start, not at the first request, when the signing key is missing or unreadable
        tokens.tokenFor(ServiceTokenIssuer.GATEWAY);
        // and when DTAAS_TOOLS_URL is not an origin with {user}
        if (toolOrigins.enabled()) {
            LOG.infof("users' tools on origins of their own: %s", toolOrigins.originOf("{user}"));
        }
    }

    private void authenticate(RoutingContext rc, Vertx vertx) {
        HttpServerRequest request = rc.request();
        if (!rc.normalizedPath().equals(request.path())) {
            // "..", "//" or encoded dots: refuse rather than guess which resource was meant
            ErrorResponses.send(rc, 400, "Bad Request", "The path is not in canonical form (no '..', '//' or encoded dots).");
            return;
        }
        var toolsOwner = toolOrigins.ownerOf(request);
        if (toolsOwner.isPresent()) {
            signIn.onToolsOrigin(rc, vertx, toolsOwner.get());
            return;
        }
        if (request.path().startsWith("/shared/")) {
            // a published service: nobody signs in to DTaaS there; a visitor's own Authorization (a
            // service with its own Basic sign-in) is the service's, passed on unread
            rc.put(GatewayKeys.AUTHENTICATION, new Authentication.Anonymous());
            rc.next();
            return;
        }
        signIn.onPlatformOrigin(rc, vertx);
    }

    private void dispatch(RoutingContext rc) {
        String toolsOwner = rc.get(GatewayKeys.TOOLS_OWNER);
        if (toolsOwner != null) {
            dispatchOnToolsOrigin(rc, toolsOwner);
            return;
        }
        HttpServerRequest request = rc.request();
        Authentication authentication = rc.get(GatewayKeys.AUTHENTICATION);
        RouteMatch route = RouteClassifier.classify(request.method(), request.path());
        if (route.target() == org.dtaas.gateway.routing.Target.PLATFORM_INTERNALS
                && metricsToken.presentedIn(request.getHeader("Authorization"))) {
            rc.next(); // a metrics scraper with the scrape token (no account)
            return;
        }
        // a provider account DTaaS cannot use (403) may still sign out
        if (authentication instanceof Authentication.Refused refused
                && !(refused.status() == 403 && route.target() == org.dtaas.gateway.routing.Target.AUTH)) {
            refuse(rc, refused);
            return;
        }
        rc.put(GatewayKeys.ROUTE, route);
        switch (AccessPolicy.decide(route, authentication)) {
            case SIGN_IN -> {
                signIn(rc);
                return;
            }
            case FORBIDDEN -> {
                ErrorResponses.send(rc, 403, "Forbidden", "This belongs to another user. Sign in as that user or ask an admin.");
                return;
            }
            case ALLOW -> {
            }
        }
        if (authentication instanceof Authentication.SignedIn signedIn && signedIn.viaCookie()
                && !CsrfGuard.isSafe(request) && route.target() != org.dtaas.gateway.routing.Target.AUTH) {
            ErrorResponses.send(rc, 403, "Forbidden", "Cross-site request refused. Use the DTaaS web app or HTTP Basic.");
            return;
        }
        Caller caller = authentication instanceof Authentication.SignedIn s ? s.caller() : null;
        switch (route.target()) {
            case LIBRARY -> proxy.forward(rc, library, tokens.tokenFor(caller));
            case WORKSPACE_API -> proxy.forward(rc, workspaces, tokens.tokenFor(caller));
            case PROVISIONER -> proxy.forward(rc, provisioner, tokens.tokenFor(caller));
            case WORKSPACE -> {
                if (toolOrigins.enabled()) {
                    toToolsOrigin(rc, caller, route.owner());
                } else {
                    toWorkspace(rc, route.owner());
                }
            }
            case SHARED -> {
                if (config.gateway().shared().port() > 0) {
                    // published pages live on their own origin, never beside a signed-in platform session
                    rc.response().setStatusCode(308).putHeader(HttpHeaders.LOCATION, sharedBase() + rc.request().uri()).end();
                } else {
                    toShared(rc);
                }
            }
            case UNKNOWN_API -> ErrorResponses.send(rc, 404, "Not Found", "No such API. The platform APIs are /api/library,"
                    + " /api/workspaces, /api/twins, /api/runs, /api/services and (admins) /api/users.");
            case BAD_PATH -> ErrorResponses.send(rc, 400, "Bad Request",
                    "The path names no valid user: user names are lowercase letters, digits, '-' and '_'.");
            default -> rc.next(); // AUTH, HEALTH, PLATFORM_INTERNALS, WEB: Quarkus' and the gateway's own routes
        }
    }

    /**
     * A request to {@code owner}'s tools origin: their workspace's tools and the hand-off, nothing of the
     * platform (no API, no sign-in page, no web app, no published services).
     */
    private void dispatchOnToolsOrigin(RoutingContext rc, String owner) {
        HttpServerRequest request = rc.request();
        Authentication authentication = rc.get(GatewayKeys.AUTHENTICATION);
        if (request.path().equals(ToolSessions.HANDOFF_PATH)) {
            toolSessions.redeem(rc, owner);
            return;
        }
        if (authentication instanceof Authentication.Refused refused) {
            refuse(rc, refused);
            return;
        }
        RouteMatch route = RouteClassifier.classify(request.method(), request.path());
        if (route.target() != org.dtaas.gateway.routing.Target.WORKSPACE || !owner.equals(route.owner())) {
            ErrorResponses.send(rc, 404, "Not Found", "This address serves the workspace tools of " + owner + " only (/"
                    + owner + "/...). The platform is at its own address.");
            return;
        }
        rc.put(GatewayKeys.ROUTE, route);
        switch (AccessPolicy.decide(route, authentication)) {
            case SIGN_IN -> {
                // no sign-in here: the platform's origin signs in and hands the visitor on
                ErrorResponses.send(rc, 401, "Unauthorized", "Open the tools of " + owner + " from the Workbench: the"
                        + " link there signs you in on this address.");
                return;
            }
            case FORBIDDEN -> {
                ErrorResponses.send(rc, 403, "Forbidden", "This belongs to another user. Sign in as that user or ask an admin.");
                return;
            }
            case ALLOW -> {
            }
        }
        if (authentication instanceof Authentication.SignedIn signedIn && signedIn.viaCookie() && !CsrfGuard.isSafe(request)) {
            ErrorResponses.send(rc, 403, "Forbidden", "Cross-site request refused: only pages of this address may change things here.");
            return;
        }
        toWorkspace(rc, owner);
    }

    /**
     * A tool's address on the platform's origin: the browser goes on to the owner's tools origin with a
     * one-time hand-off. Nothing of a tool is ever served here, so a page it serves never runs beside the
     * platform's session.
     */
    private void toToolsOrigin(RoutingContext rc, Caller caller, String owner) {
        HttpServerRequest request = rc.request();
        String origin = toolOrigins.originOf(owner);
        boolean navigation = request.method() == io.vertx.core.http.HttpMethod.GET
                && !"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
        if (!navigation) {
            ErrorResponses.send(rc, 421, "Misdirected Request", "The tools of " + owner + " are served at " + origin
                    + request.path() + ", not here.");
            return;
        }
        SessionStore.Session session = rc.get(GatewayKeys.SESSION);
        rc.response().setStatusCode(302).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.LOCATION, toolSessions.handoffLocation(caller, java.util.Optional.ofNullable(session), owner,
                        request.uri()))
                .end();
    }

    /**
     * The second listener, for published services only ({@code dtaas.gateway.shared.port}): another
     * origin than the platform's, so a published page's scripts cannot use a visitor's platform session
     * (a same-origin request would carry the cookie and pass the CSRF check). It authenticates nobody.
     */
    private void listenForPublishedServices(Vertx vertx) {
        Router published = Router.router(vertx);
        published.route().handler(rc -> {
            if (!rc.normalizedPath().equals(rc.request().path())) {
                ErrorResponses.send(rc, 400, "Bad Request", "The path is not in canonical form (no '..', '//' or encoded dots).");
            } else if (rc.request().path().startsWith("/shared/")) {
                toShared(rc);
            } else {
                ErrorResponses.send(rc, 404, "Not Found", "This address serves published digital twins only: /shared/<name>/.");
            }
        });
        String host = org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class)
                .orElse("0.0.0.0");
        int port = config.gateway().shared().port();
        vertx.createHttpServer().requestHandler(published).listen(port, host).onComplete(listening -> {
            if (listening.succeeded()) {
                LOG.infof("published services on their own origin: %s (port %d)", sharedBase(), port);
            } else {
                LOG.errorf("published services cannot be served on port %d: %s; /shared/ links will not work until it is free",
                        port, listening.cause().getMessage());
            }
        });
    }

    /** The public base URL of the published services' origin. */
    private String sharedBase() {
        String url = config.gateway().shared().url().filter(u -> !u.isBlank())
                .orElse("http://localhost:" + config.gateway().shared().port());
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * What a published page may do, as defence in depth beside its own origin: run its scripts and
     * forms, but not navigate the visitor's top window or run plugins (CSP sandbox).
     */
    static final String PUBLISHED_CSP = "sandbox allow-scripts allow-forms allow-popups allow-downloads allow-same-origin"
            + " allow-modals";

    /** {@code /shared/<name>/...}: a published service, for anyone (with its token when it has one). */
    private void toShared(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> rc.response().headers().set("Content-Security-Policy", PUBLISHED_CSP));
        String path = rc.request().path();
        String[] parts = path.split("/", 4);
        String name = parts.length > 2 ? parts[2] : "";
        var published = shared.find(name);
        if (published.isEmpty()) {
            ErrorResponses.send(rc, 404, "Not Found", "No digital twin is published under this address (any more). "
                    + "Ask its owner for the current link.");
            return;
        }
        if (parts.length == 3) {
            String query = rc.request().query();
            rc.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, path + "/" + (query == null ? "" : "?" + query)).end();
            return;
        }
        if (!SharedAccess.admitted(rc, name, published.get())) {
            ErrorResponses.send(rc, 401, "Unauthorized", "This digital twin needs its access token: open the link its owner "
                    + "gave you (it ends in ?token=...), or send the header X-Access-Token.");
            return;
        }
        proxy.forwardPublished(rc, published.get().route(), SharedAccess.withoutToken(rc.request().uri()));
    }

    /** {@code /<user>/...}: the tool of the user's workspace whose prefix matches, longest first. */
    private void toWorkspace(RoutingContext rc, String owner) {
        String path = rc.request().path();
        if (routes.isToolPrefixWithoutSlash(owner, path)) {
            // "/alice/tools/vscode" -> "/alice/tools/vscode/": tools resolve their pages relative to the slash
            String query = rc.request().query();
            rc.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, path + "/" + (query == null ? "" : "?" + query))
                    .end();
            return;
        }
        var tool = routes.workspaceRoute(owner, path);
        if (tool.isPresent()) {
            proxy.forward(rc, tool.get());
            return;
        }
        if (routes.hasWorkspace(owner)) {
            ErrorResponses.send(rc, 404, "Not Found", "The workspace of " + owner + " has no tool at this address. "
                    + "Open the tools from the Workbench page.");
            return;
        }
        ErrorResponses.send(rc, 503, "Workspace Not Running",
                "The workspace of " + owner + " is not running. Start it from the Workbench page "
                        + "(or POST /api/workspaces/" + owner + "/start) and reload.");
    }

    private static void refuse(RoutingContext rc, Authentication.Refused refused) {
        if (refused.status() == 429) {
            rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
            ErrorResponses.send(rc, 429, "Too Many Requests", refused.reason());
        } else if (refused.status() == 403) {
            ErrorResponses.send(rc, 403, "Forbidden", refused.reason());
        } else {
            rc.response().putHeader("WWW-Authenticate", "Basic realm=\"DTaaS\", charset=\"UTF-8\"");
            ErrorResponses.send(rc, 401, "Unauthorized", refused.reason());
        }
    }

    /** Browsers navigating to a page go to the login page; scripts and the web app get 401. */
    private static void signIn(RoutingContext rc) {
        if (ErrorResponses.wantsHtml(rc) && rc.request().method().name().equals("GET")) {
            String next = URLEncoder.encode(rc.request().uri(), StandardCharsets.UTF_8);
            rc.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/login?next=" + next).end();
            return;
        }
        if (rc.request().getHeader("X-Requested-With") == null) {
            // the web app sets X-Requested-With and must not trigger the browser's password dialog
            rc.response().putHeader("WWW-Authenticate", "Basic realm=\"DTaaS\", charset=\"UTF-8\"");
        }
        ErrorResponses.send(rc, 401, "Unauthorized", "Sign in first: POST /auth/login, or send HTTP Basic credentials.");
    }

}

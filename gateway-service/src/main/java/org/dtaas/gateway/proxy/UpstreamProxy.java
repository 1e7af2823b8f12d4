package org.dtaas.gateway.proxy;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.routing.ToolRoute;
import org.dtaas.gateway.routing.Upstream;
import org.dtaas.gateway.web.ErrorResponses;
import org.dtaas.http.DeclaredLength;

/**
 * Forwards a request to an upstream and streams both bodies with back-pressure (nothing is
 * buffered whole), tunnels WebSocket upgrades, drops hop-by-hop headers and sets
 * {@code X-Forwarded-*}.
 *
 * <p>Written on Vert.x' HttpClient rather than vertx-http-proxy 4.5 because that one answers every
 * failure with an empty 502 (no 504 for a slow upstream, no readable message) and skips its
 * interceptors on WebSocket upgrades, so the identity header could not be set there.
 */
public final class UpstreamProxy {

    // compared without regard to case, as HTTP compares names: no lower-cased copy of every header per request
    private static final HeaderNames HOP_BY_HOP = HeaderNames.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "proxy-connection");
    /**
     * Never passed on from a client: forwarding headers it could forge, its Authorization (the gateway's
     * identity or a tool's own credentials go instead) and Host (set again below).
     */
    private static final HeaderNames NOT_FROM_CLIENTS = HeaderNames.of("forwarded", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip",
            "x-forwarded-user", "authorization", "host");

    /** How much of an abandoned answer is read and dropped before the upstream connection is cut. */
    private static final long DISCARD_LIMIT = 1024 * 1024;
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    /**
     * The largest piece an upstream's answer body is handed on in: each piece is one write (and one
     * writev) to the client. Vert.x' default, 8 KiB, cut every 64 KiB read from the upstream into eight
     * writes: strace of a 20 MiB answer showed ~2,900 writevs, and profiled they were half the gateway's
     * CPU for it. A piece is a slice of the read buffer, never a copy, so a larger one costs no memory.
     */
    private static final int ANSWER_PIECE_BYTES = 256 * 1024;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(UpstreamProxy.class);

    /**
     * One client (so one connection pool) per event loop. A shared pool hands a request a connection
     * that another event loop owns, and every step of the exchange then hops between the two threads
     * (a queued task and a wake-up each way): profiled, that was a quarter of the gateway's CPU.
     */
    private final FastThreadLocal<HttpClient> clientOfThisEventLoop;
    /**
     * The same for upstreams on a Unix socket, with a send buffer as large as TCP's grows on its own (a
     * Unix socket keeps net.core.wmem_default, 208 KiB here: uploads through it went ~20% slower than over
     * TCP, measured). Not the receive buffer: that large, every small call cost more than twice the CPU.
     */
    private final FastThreadLocal<HttpClient> socketClientOfThisEventLoop;
    /** For the rare request forwarded from outside an event loop. */
    private final HttpClient sharedClient;
    private final long idleTimeoutMillis;
    private final long connectTimeoutMillis;
    private final String sessionCookieName;
    private final DirectUpstream direct;
    /** The status logged for a request whose client left before its answer began (nginx's 499): it got none. */
    public static final int CLIENT_LEFT = 499;

    private final ConnectionFastPath.Decider fastPath;

    /** Told when a WebSocket tunnel closes, with how long it was open (Vert.x ends no request that became a socket). */
    public interface TunnelEnded {
        void ended(RoutingContext rc, long nanos);
    }

    private final TunnelEnded tunnelEnded;

    /**
     * With {@code fastPath} (null: none), requests to tools that follow on a kept-alive connection may be
     * served below Vert.x' HTTP server ({@link ConnectionFastPath}, {@link #watch}).
     */
    public UpstreamProxy(Vertx vertx, GatewayConfig config, ConnectionFastPath.Decider fastPath, TunnelEnded tunnelEnded) {
        this.fastPath = fastPath;
        this.tunnelEnded = tunnelEnded;
        HttpClientOptions options = new HttpClientOptions()
                .setMaxChunkSize(ANSWER_PIECE_BYTES)
                .setMaxPoolSize(512)
                .setKeepAlive(true)
                .setTryUseCompression(false)
                .setMaxWebSockets(1024);
        this.sharedClient = vertx.createHttpClient(options);
        this.clientOfThisEventLoop = new FastThreadLocal<>() {
            @Override
            protected HttpClient initialValue() {
                // created on the event loop that uses it: its connections are opened on that loop
                return vertx.createHttpClient(options);
            }
        };
        HttpClientOptions socketOptions = new HttpClientOptions(options).setSendBufferSize(SOCKET_BUFFER_BYTES);
        this.socketClientOfThisEventLoop = new FastThreadLocal<>() {
            @Override
            protected HttpClient initialValue() {
                return vertx.createHttpClient(socketOptions);
            }
        };
        this.idleTimeoutMillis = config.gateway().upstreamTimeout().toMillis();
        this.connectTimeoutMillis = config.gateway().connectTimeout().toMillis();
        this.sessionCookieName = config.gateway().session().cookieName();
        this.direct = new DirectUpstream(vertx, idleTimeoutMillis, connectTimeoutMillis, ANSWER_PIECE_BYTES);
    }

    /** Called first for every request: a new connection gets the fast path ({@link ConnectionFastPath#watch}). */
    public void watch(HttpServerRequest request) {
        if (fastPath != null) {
            ConnectionFastPath.watch(request, fastPath, this, direct);
        }
    }

    /**
     * Forwards the request in {@code rc}. {@code bearer}, when not null, replaces the client's
     * Authorization header (the internal identity token for platform services).
     */
    public void forward(RoutingContext rc, Upstream upstream, String bearer) {
        forward(rc, upstream, rc.request().uri(), bearer, Map.of());
    }

    /**
     * Forwards to a workspace tool: the path rewritten by its route, and the tool's own credentials
     * ({@code Authorization}, a {@code Cookie}) added; the client's Authorization never passes.
     */
    public void forward(RoutingContext rc, ToolRoute route) {
        forward(rc, route, rc.request().uri());
    }

    /** As {@link #forward(RoutingContext, ToolRoute)}, for a request URI the gateway has already cleaned. */
    public void forward(RoutingContext rc, ToolRoute route, String uri) {
        forward(rc, route.upstream(), route.rewrite(uri), null, route.headers(), false);
    }

    /**
     * Forwards a visitor to a published service: the visitor's own Authorization goes with it (a
     * service may have its own sign-in; the gateway never reads it there), the platform's cookies do not.
     */
    public void forwardPublished(RoutingContext rc, ToolRoute route, String uri) {
        forward(rc, route.upstream(), route.rewrite(uri), null, route.headers(), true);
    }

    private void forward(RoutingContext rc, Upstream upstream, String uri, String bearer, Map<String, String> added) {
        forward(rc, upstream, uri, bearer, added, false);
    }

    private void forward(RoutingContext rc, Upstream upstream, String uri, String bearer, Map<String, String> added,
            boolean visitorsAuthorization) {
        HttpServerRequest request = rc.request();
        request.pause();
        boolean upgrade = isWebSocketUpgrade(request);
        MultiMap headers = forwardedHeaders(request.headers(), request.remoteAddress().hostAddress(), request.isSSL(), bearer, upgrade);
        if (visitorsAuthorization && request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            headers.set(HttpHeaders.AUTHORIZATION, request.getHeader(HttpHeaders.AUTHORIZATION));
        }
        addRouteHeaders(headers, added);
        if (DirectUpstream.takes(request, upstream, upgrade)) {
            request.resume(); // no body to wait for
            direct.forward(rc, upstream, uri, headers);
            return;
        }
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setURI(uri)
                .setConnectTimeout(connectTimeoutMillis)
                .setHeaders(headers);
        if (upstream.socket() != null) {
            options.setServer(SocketAddress.domainSocketAddress(upstream.socket()));
        }
        if (!upgrade) {
            options.setIdleTimeout(idleTimeoutMillis);
        }
        client(upstream).request(options).onComplete(connected -> {
            if (connected.failed()) {
                failed(rc, connected.cause());
                return;
            }
            HttpClientRequest upstreamRequest = connected.result();
            if (upgrade) {
                tunnel(rc, upstreamRequest);
            } else {
                // a request without a body goes without one: streaming it would send an empty chunked
                // body ("0"), which HTTP/1.0 servers (websockify's noVNC pages) read as a bad request
                // (HTTP/2 frames bodies without either header: there, only an ended request has none)
                boolean hasBody = request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                        || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                        || (request.version() == io.vertx.core.http.HttpVersion.HTTP_2 && !request.isEnded());
                if (!hasBody) {
                    request.resume();
                }
                var body = new UploadActivity(request, () -> upstreamRequest.idleTimeout(idleTimeoutMillis));
                (hasBody ? upstreamRequest.send(body) : upstreamRequest.send()).onComplete(answered -> {
                    if (answered.failed()) {
                        failed(rc, answered.cause());
                    } else {
                        relay(rc, answered.result());
                    }
                });
            }
        });
    }

    private HttpClient client(Upstream upstream) {
        if (!Context.isOnEventLoopThread()) {
            return sharedClient;
        }
        return upstream.socket() != null ? socketClientOfThisEventLoop.get() : clientOfThisEventLoop.get();
    }

    private void relay(RoutingContext rc, HttpClientResponse upstreamResponse) {
        HttpServerResponse response = rc.response();
        if (response.closed()) {
            discard(upstreamResponse);
            return;
        }
        response.setStatusCode(upstreamResponse.statusCode());
        response.setStatusMessage(UpstreamAnswerHead.reasonToSend(upstreamResponse.statusCode(), upstreamResponse.statusMessage()));
        copyEndToEnd(upstreamResponse.headers(), response.headers());
        chunkedUnlessSized(response, rc.request().method());
        stream(upstreamResponse, response);
    }

    /**
     * Copies the upstream body to the client with back-pressure. Written out rather than
     * {@code response.send(stream)} because a client that goes away mid-body must stop the upstream
     * transfer at once, and no chunk may be written to a response that is already closed.
     */
    private static void stream(HttpClientResponse upstreamResponse, HttpServerResponse response) {
        // once the upstream answer is complete its connection is back in the pool, serving someone
        // else: resetting the finished request then would break that other request (seen as 502s)
        boolean[] upstreamDone = {false};
        Runnable abandon = () -> {
            if (!upstreamDone[0]) {
                discard(upstreamResponse);
            }
        };
        response.closeHandler(v -> abandon.run());
        response.exceptionHandler(e -> abandon.run());
        upstreamResponse.exceptionHandler(e -> {
            upstreamDone[0] = true;
            if (!response.ended() && !response.closed()) {
                response.reset(); // the client must see a broken transfer, never a short "complete" one
            }
        });
        // The chunk that completes a body of known length is held for the end, which follows it at once
        // (the same read from upstream): head, body and end then go to the client in one write(2), not
        // two. Nothing else is held: a streamed answer (server-sent events, a live log) passes at once.
        long[] left = {DeclaredLength.of(upstreamResponse.getHeader(HttpHeaders.CONTENT_LENGTH),
                upstreamResponse.getHeader(HttpHeaders.TRANSFER_ENCODING))};
        Buffer[] last = {null};
        upstreamResponse.handler(chunk -> {
            if (response.ended() || response.closed()) {
                return;
            }
            if (left[0] >= 0) {
                left[0] -= chunk.length();
                if (left[0] == 0) {
                    last[0] = chunk;
                    return;
                }
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                upstreamResponse.pause();
                response.drainHandler(v -> upstreamResponse.resume());
            }
        });
        upstreamResponse.endHandler(v -> {
            upstreamDone[0] = true;
            if (!response.ended() && !response.closed()) {
                if (last[0] != null) {
                    response.end(last[0]);
                } else {
                    response.end();
                }
            }
        });
    }

    /** WebSocket: the upstream's 101 goes back to the client, then bytes flow both ways untouched. */
    private void tunnel(RoutingContext rc, HttpClientRequest upstreamRequest) {
        HttpServerRequest request = rc.request();
        var answer = upstreamRequest.connect();
        // the upgrade request must end upstream (and be ended here) before either side becomes a socket
        request.handler(upstreamRequest::write);
        request.endHandler(v -> upstreamRequest.end());
        request.resume();
        answer.onComplete(answered -> {
            if (answered.failed()) {
                failed(rc, answered.cause());
                return;
            }
            HttpClientResponse upstreamResponse = answered.result();
            if (upstreamResponse.statusCode() != 101) {
                relay(rc, upstreamResponse);
                return;
            }
            HttpServerResponse response = request.response();
            response.setStatusCode(101);
            response.headers().addAll(upstreamResponse.headers());
            NetSocket upstreamSocket = upstreamResponse.netSocket();
            request.toNetSocket().onComplete(clientSide -> {
                if (clientSide.failed()) {
                    upstreamSocket.close();
                    return;
                }
                NetSocket clientSocket = clientSide.result();
                long opened = System.nanoTime();
                // either side closing closes the other (pipeTo): the client's side closes last or together
                clientSocket.closeHandler(v -> tunnelEnded.ended(rc, System.nanoTime() - opened));
                clientSocket.pipeTo(upstreamSocket);
                upstreamSocket.pipeTo(clientSocket);
            });
        });
    }

    /**
     * The client left: let the rest of the upstream answer drain instead of resetting at once. An
     * answer that has fully arrived has already given its connection back to the pool, and a reset
     * would then close that connection under another request (seen as "Connection was closed" 502s).
     * Only an answer still streaming past {@link #DISCARD_LIMIT} bytes is cut off.
     */
    private static void discard(HttpClientResponse upstreamResponse) {
        long[] drained = {0};
        upstreamResponse.exceptionHandler(ignoredBecauseTheClientLeft -> { });
        upstreamResponse.endHandler(v -> { });
        upstreamResponse.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DISCARD_LIMIT) {
                upstreamResponse.handler(null);
                upstreamResponse.request().reset();
            }
        });
        upstreamResponse.resume();
    }

    /**
     * The headers a tool gets for a request the gateway took below Vert.x ({@link ConnectionFastPath}): as
     * {@link #forward(RoutingContext, ToolRoute)} sends them.
     */
    MultiMap toolRequestHeaders(MultiMap requestHeaders, String remoteAddress, boolean ssl, ToolRoute route) {
        MultiMap headers = forwardedHeaders(requestHeaders, remoteAddress, ssl, null, false);
        addRouteHeaders(headers, route.headers());
        return headers;
    }

    /** A route's own headers (a tool's credentials); a Cookie joins the client's cookies. */
    private static void addRouteHeaders(MultiMap headers, Map<String, String> added) {
        added.forEach((name, value) -> {
            String existing = headers.get(name);
            if (name.equalsIgnoreCase("cookie") && existing != null) {
                headers.set(name, existing + "; " + value);
            } else {
                headers.set(name, value);
            }
        });
    }

    private MultiMap forwardedHeaders(MultiMap requestHeaders, String remoteAddress, boolean ssl, String bearer, boolean upgrade) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        String connection = namingOthers(requestHeaders.get(HttpHeaders.CONNECTION));
        // forEach, not a for loop: Vert.x' header maps copy every entry into a list for an iterator
        requestHeaders.forEach((name, value) -> {
            if (HOP_BY_HOP.contains(name) || NOT_FROM_CLIENTS.contains(name) || namedIn(connection, name)) {
                return;
            }
            if (name.equalsIgnoreCase("cookie")) {
                String rest = withoutSessionCookie(value);
                if (!rest.isEmpty()) {
                    headers.add(name, rest);
                }
                return;
            }
            headers.add(name, value);
        });
        if (upgrade) {
            headers.set(HttpHeaders.CONNECTION, "Upgrade");
            headers.set(HttpHeaders.UPGRADE, requestHeaders.get(HttpHeaders.UPGRADE));
        }
        String host = requestHeaders.get(HttpHeaders.HOST);
        if (host != null) {
            headers.set(HttpHeaders.HOST, host);
            headers.set("X-Forwarded-Host", host);
        }
        headers.set("X-Forwarded-For", remoteAddress);
        headers.set("X-Forwarded-Proto", ssl ? "https" : "http");
        if (bearer != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return headers;
    }

    /** An answer's body goes chunked unless the upstream gave its length (or there is none: HEAD). */
    static void chunkedUnlessSized(HttpServerResponse response, HttpMethod method) {
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && method != HttpMethod.HEAD) {
            response.setChunked(true);
        }
    }

    private static void copyEndToEnd(MultiMap from, MultiMap to) {
        String connection = namingOthers(from.get(HttpHeaders.CONNECTION));
        from.forEach((name, value) -> {
            if (isEndToEnd(name, connection)) {
                to.add(name, value);
            }
        });
    }

    /** An answer's header that goes on to the client: not hop-by-hop, nor made so by its Connection header. */
    static boolean isEndToEnd(String name, String connection) {
        return !HOP_BY_HOP.contains(name) && !namedIn(connection, name);
    }

    /**
     * The Connection header when it may name other headers: null for none and for the usual lone
     * "keep-alive" or "close" (hop-by-hop themselves), so that most messages skip {@link #namedIn}.
     */
    static String namingOthers(String connection) {
        return connection == null || connection.equalsIgnoreCase("keep-alive") || connection.equalsIgnoreCase("close")
                ? null : connection;
    }

    /** Whether the Connection header {@code connection} names {@code header} (made hop-by-hop by the sender). */
    static boolean namedIn(String connection, String header) {
        if (connection == null) {
            return false;
        }
        int start = 0;
        while (start <= connection.length()) {
            int comma = connection.indexOf(',', start);
            int end = comma < 0 ? connection.length() : comma;
            int from = start;
            int to = end;
            while (from < to && Character.isWhitespace(connection.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(connection.charAt(to - 1))) {
                to--;
            }
            if (to - from == header.length() && connection.regionMatches(true, from, header, 0, header.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Workspace tools must not see the gateway's session (they could replay it); their own cookies pass. */
    private String withoutSessionCookie(String cookieHeader) {
        StringBuilder kept = new StringBuilder();
        for (String part : cookieHeader.split(";")) {
            String cookie = part.strip();
            if (cookie.isEmpty() || isPlatformCookie(cookie)) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append("; ");
            }
            kept.append(cookie);
        }
        return kept.toString();
    }

    /**
     * The gateway's session, a tools origin's session and quarkus-oidc's session and state cookies
     * (q_session, its chunks q_session_chunk_N, q_auth...): whoever received one could replay it to the
     * gateway as its owner.
     */
    private boolean isPlatformCookie(String cookie) {
        return cookie.startsWith(sessionCookieName + "=") || cookie.startsWith(org.dtaas.gateway.identity.SessionStore.TOOLS_COOKIE + "=")
                || cookie.startsWith("q_session") || cookie.startsWith("q_auth");
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    static void failed(RoutingContext rc, Throwable cause) {
        Failure failure = failure(rc.request().method().name(), rc.request().path(), cause);
        rc.request().resume();
        ErrorResponses.send(rc, failure.status(), failure.error(), failure.message());
    }

    /** The gateway's answer when an upstream fails before its answer started. */
    record Failure(int status, String error, String message) {
    }

    /** {@link Failure} for {@code cause}, logged. */
    static Failure failure(String method, String path, Throwable cause) {
        LOG.warnf("upstream failed for %s %s: %s", method, path, cause.toString());
        if (cause instanceof TimeoutException && !isConnectTimeout(cause)) {
            return new Failure(504, "Gateway Timeout",
                    "The service behind this address did not answer in time. Try again; if it keeps happening, "
                            + "check the service's logs (./dtaas logs).");
        }
        return new Failure(502, "Bad Gateway",
                "The service behind this address is not reachable. Check that it runs (./dtaas status) "
                        + "or, for a workspace, start it again from the Workbench page.");
    }

    private static boolean isConnectTimeout(Throwable cause) {
        String message = cause.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("connect");
    }
}

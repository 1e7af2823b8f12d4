package org.dtaas.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.AttributeKey;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import org.dtaas.gateway.routing.ToolRoute;
import org.dtaas.gateway.web.ErrorResponses;

/**
 * Serves the plainest request to a user's tool — a signed-in GET or HEAD without a body, on a kept-alive
 * HTTP/1.1 connection — below Vert.x' HTTP server: decoded by Vert.x' own decoder, it goes to the tool
 * through {@link DirectUpstream} and its answer straight back to the connection, with no Vert.x request,
 * response or router in between. Measured (bench/gateway.sh), those were most of the gateway's CPU for a
 * small request beyond what a proxy on Netty's codecs spends.
 *
 * <p>It decides nothing itself: the {@link Decider} (the gateway's sign-in, access policy and routes)
 * says whether a request is such a request and where it goes; anything else — another method, a body, an
 * upgrade, a path not in canonical form, no session cookie or one due for renewal, a route the user may
 * not use — passes to Vert.x and the gateway's router untouched, which answers as it always did.
 *
 * <p>Answers leave in the order the requests came (HTTP/1.1 pipelining): a request is taken here only
 * while Vert.x owes no answer on the connection (it counts requests handed to Vert.x and the answers'
 * ends it writes), and while an answer taken here is under way whatever arrives waits for it.
 */
public final class ConnectionFastPath extends ChannelDuplexHandler {

    /** The handler's name in a connection's pipeline, just before Vert.x' own ("handler"). */
    static final String NAME = "dtaas-fast-path";
    private static final String VERTX_HANDLER = "handler";
    /** Requests held while an answer is under way; beyond this, the connection stops reading until it is done. */
    private static final int HELD_BEFORE_PAUSE = 16;

    /** The gateway's decisions about a request to a tool, from its head alone. */
    public interface Decider {

        /**
         * The route and the signed-in user of a GET or HEAD to {@code path} (canonical), when the request is
         * to a tool its sender may use, signed in by a session that needs nothing written back; otherwise null.
         */
        Taken decide(io.vertx.core.http.HttpMethod method, String path, MultiMap headers);

        /** The access log's line and timer for a request taken here. */
        void log(Taken taken, String method, String path, int status, long nanos);
    }

    /** A request the fast path took: where it goes, and for whom. */
    public record Taken(ToolRoute route, String user) {
    }

    private final Decider decider;
    private final UpstreamProxy proxy;
    private final DirectUpstream direct;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ChannelHandlerContext context;
    /** Where whole answers go as bytes (past Vert.x' encoder), or null: they go as messages through it. */
    private ChannelHandlerContext bytesOut;
    private boolean ssl;
    private String remoteAddress;
    /** Requests handed to Vert.x whose answer it has not finished writing. */
    private int owedByVertx;
    /** A request handed to Vert.x still has body to come. */
    private boolean vertxReading;
    /** The end of a request taken here is still to come (and dropped). */
    private boolean skippingEnd;
    /** Upgraded (WebSocket) or otherwise no longer HTTP/1.1 requests and answers: everything passes. */
    private boolean retired;
    private boolean pausedReading;
    /** Messages handed to Vert.x so far (to know whether a read-complete must follow). */
    private long handedToVertx;
    private Exchange current;

    /** Set on a connection once its first request was seen, whether the fast path went on it or not. */
    private static final AttributeKey<Boolean> SEEN = AttributeKey.valueOf(ConnectionFastPath.class, "seen");

    /**
     * Goes on {@code request}'s connection when this is its first request (the gateway calls this first
     * thing for every request): then Vert.x owes exactly this one answer, and every later request passes
     * here. An HTTP/2 connection, or one that began with HTTP/1.0, never has it.
     */
    static void watch(HttpServerRequest request, Decider decider, UpstreamProxy proxy, DirectUpstream direct) {
        if (!(request.connection() instanceof ConnectionBase connection)) {
            return;
        }
        ChannelHandlerContext vertxHandler = connection.channelHandlerContext();
        if (vertxHandler.channel().attr(SEEN).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        // an upgrade (WebSocket) or CONNECT may end HTTP on the connection: nothing to take there, ever
        if (request.version() != io.vertx.core.http.HttpVersion.HTTP_1_1 || !(connection instanceof Http1xServerConnection)
                || vertxHandler.pipeline().get(VERTX_HANDLER) == null || request.headers().contains(HttpHeaderNames.UPGRADE)
                || request.method() == io.vertx.core.http.HttpMethod.CONNECT) {
            return;
        }
        vertxHandler.pipeline().addBefore(VERTX_HANDLER, NAME, new ConnectionFastPath(decider, proxy, direct, !request.isEnded()));
    }

    ConnectionFastPath(Decider decider, UpstreamProxy proxy, DirectUpstream direct, boolean vertxReading) {
        this.decider = decider;
        this.proxy = proxy;
        this.direct = direct;
        this.owedByVertx = 1; // installed while Vert.x handles the connection's first request
        this.vertxReading = vertxReading;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.context = context;
        this.bytesOut = bytesOut(context.pipeline());
        // the connection's, not the request's: worked out once
        this.ssl = context.pipeline().get(SslHandler.class) != null;
        this.remoteAddress = context.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : String.valueOf(context.channel().remoteAddress());
    }

    /**
     * The context just past Vert.x' response encoder, when every handler between it and this one lets bytes
     * pass as they are (an idle timer, the WebSocket extension handshake, inbound-only handlers); null when
     * one would treat them otherwise (compression) or could still hold an earlier answer (a chunked writer,
     * which Vert.x adds with TLS), since bytes written past it would overtake what it holds.
     */
    static ChannelHandlerContext bytesOut(ChannelPipeline pipeline) {
        // found by its kind, not its name: Vert.x' names are not an API
        ChannelHandler encoder = null;
        for (Map.Entry<String, ChannelHandler> handler : pipeline) {
            if (handler.getKey().equals(NAME)) {
                break;
            } else if (encoder == null && handler.getValue() instanceof HttpResponseEncoder) {
                encoder = handler.getValue();
            } else if (encoder != null && handler.getValue() instanceof ChannelOutboundHandler
                    && !(handler.getValue() instanceof IdleStateHandler) && !(handler.getValue() instanceof WebSocketServerExtensionHandler)) {
                return null;
            }
        }
        return encoder == null ? null : pipeline.context(encoder);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (current != null || !held.isEmpty()) {
            hold(message);
            return;
        }
        accept(message);
    }

    /** The next message in the order it came: dropped (the end of a request taken here), taken or handed on. */
    private void accept(Object message) {
        if (skippingEnd && message instanceof HttpContent) {
            skippingEnd = !(message instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
            return;
        }
        route(message);
    }

    private void hold(Object message) {
        held.add(message);
        if (held.size() >= HELD_BEFORE_PAUSE && !pausedReading) {
            pausedReading = true;
            context.channel().config().setAutoRead(false);
        }
    }

    /** Takes the message here or hands it to Vert.x. */
    private void route(Object message) {
        if (retired) {
            handedToVertx++;
            context.fireChannelRead(message);
            return;
        }
        if (message instanceof HttpRequest request) {
            if (owedByVertx == 0 && !vertxReading && take(request)) {
                return;
            }
            owedByVertx++;
            vertxReading = !(message instanceof LastHttpContent);
            if (request.headers().contains(HttpHeaderNames.UPGRADE) || request.method() == HttpMethod.CONNECT) {
                retired = true; // the connection may stop being HTTP/1.1 after this one
            }
        } else if (message instanceof LastHttpContent) {
            vertxReading = false;
        }
        handedToVertx++;
        context.fireChannelRead(message);
    }

    /** Vert.x' writes pass here on their way out: the end of an answer settles one that Vert.x owed. */
    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (message instanceof LastHttpContent && owedByVertx > 0
                && !(message instanceof HttpResponse interim && isInterim(interim.status()))) {
            owedByVertx--;
        }
        context.write(message, promise);
    }

    /** 100 Continue, 103 Early Hints: a final answer follows (101 ends HTTP on the connection: retired before). */
    private static boolean isInterim(HttpResponseStatus status) {
        return status.code() / 100 == 1 && status.code() != 101;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (current != null && context.channel().isWritable()) {
            current.drained();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        Exchange exchange = current;
        current = null;
        if (exchange != null) {
            exchange.clientLeft();
        }
        releaseHeld();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releaseHeld();
    }

    private void releaseHeld() {
        for (Object message = held.poll(); message != null; message = held.poll()) {
            ReferenceCountUtil.release(message);
        }
    }

    /** Whether the request is one this path takes; if so, it is on its way to the tool. */
    private boolean take(HttpRequest request) {
        if (!request.decoderResult().isSuccess() || request.protocolVersion() != HttpVersion.HTTP_1_1
                || !(request.headers() instanceof MultiMap headers)) {
            return false;
        }
        HttpMethod method = request.method();
        boolean head = method == HttpMethod.HEAD;
        if (method != HttpMethod.GET && !head) {
            return false;
        }
        HttpHeaders nettyHeaders = request.headers();
        String connection = nettyHeaders.get(HttpHeaderNames.CONNECTION);
        String contentLength = nettyHeaders.get(HttpHeaderNames.CONTENT_LENGTH);
        if (connection != null && !connection.equalsIgnoreCase("keep-alive")
                || contentLength != null && !contentLength.equals("0")
                || nettyHeaders.contains(HttpHeaderNames.TRANSFER_ENCODING) || nettyHeaders.contains(HttpHeaderNames.UPGRADE)
                || nettyHeaders.contains(HttpHeaderNames.EXPECT)) {
            return false;
        }
        String uri = request.uri();
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            return false; // absolute-form and the like: Vert.x' way of reading them decides
        }
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        // the router refuses a path that normalizes to another one (400): such a request is left to it
        if (!HttpUtils.normalizePath(path).equals(path)) {
            return false;
        }
        Taken taken = decider.decide(head ? io.vertx.core.http.HttpMethod.HEAD : io.vertx.core.http.HttpMethod.GET, path, headers);
        if (taken == null || taken.route().upstream().socket() != null) {
            return false;
        }
        MultiMap upstreamHeaders = proxy.toolRequestHeaders(headers, remoteAddress, ssl, taken.route());
        skippingEnd = !(request instanceof LastHttpContent);
        current = new Exchange(taken, method.name(), path, head, ErrorResponses.wantsHtml(headers));
        direct.forward(current, head, taken.route().upstream(), taken.route().rewrite(uri), upstreamHeaders);
        return true;
    }

    /** The exchange taken here ended: what waited for it goes on, here or to Vert.x. */
    private void ended(Exchange exchange) {
        if (current != exchange) {
            return;
        }
        current = null;
        long handedBefore = handedToVertx;
        while (current == null && !held.isEmpty()) {
            accept(held.poll());
        }
        if (handedToVertx != handedBefore) {
            // Vert.x flushes what it writes during a read when the read completes: this was one
            context.fireChannelReadComplete();
        }
        if (held.isEmpty() && pausedReading) {
            pausedReading = false;
            context.channel().config().setAutoRead(true);
        }
    }

    /** One request taken here and its answer, written to the client's channel as Netty messages. */
    private final class Exchange implements ClientSide {
        private final Taken taken;
        private final String method;
        private final String path;
        private final boolean head;
        private final boolean wantsHtml;
        private final long start = System.nanoTime();
        private Runnable onGone;
        private Runnable onDrain;
        private UpstreamAnswerHead unsentHead;
        private int status;
        private boolean over;

        Exchange(Taken taken, String method, String path, boolean head, boolean wantsHtml) {
            this.taken = taken;
            this.method = method;
            this.path = path;
            this.head = head;
            this.wantsHtml = wantsHtml;
        }

        @Override
        public EventLoop eventLoop() {
            return context.channel().eventLoop();
        }

        @Override
        public boolean gone() {
            return over || !context.channel().isActive();
        }

        @Override
        public void onGone(Runnable left) {
            this.onGone = left;
        }

        void clientLeft() {
            if (!over) {
                finish(status == 0 ? UpstreamProxy.CLIENT_LEFT : status);
                if (onGone != null) {
                    onGone.run();
                }
            }
        }

        @Override
        public void head(HttpResponse answer) {
            unsentHead = UpstreamAnswerHead.of(answer);
            status = unsentHead.code();
        }

        @Override
        public void write(ByteBuf piece) {
            writeHead();
            context.writeAndFlush(new DefaultHttpContent(piece.retain()), context.voidPromise());
        }

        @Override
        public void end(ByteBuf piece) {
            finish(status); // logged before the last write: whoever reads the answer finds its line and count
            if (unsentHead != null) {
                // the whole answer at once (a small one's usual case): a short body shares its head's buffer, one
                // send(2) instead of a writev(2) of two
                UpstreamAnswerHead answer = unsentHead;
                unsentHead = null;
                if (bytesOut != null) {
                    answer.writeWhole(bytesOut, piece, head);
                } else {
                    HttpResponse message = answer.message(head);
                    context.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, message.status(), piece.retain(),
                            message.headers(), HeadersMultiMap.httpHeaders()), context.voidPromise());
                }
            } else {
                context.writeAndFlush(piece.isReadable() ? new DefaultLastHttpContent(piece.retain()) : LastHttpContent.EMPTY_LAST_CONTENT,
                        context.voidPromise());
            }
            ended(this);
        }

        private void writeHead() {
            if (unsentHead != null) {
                context.write(unsentHead.message(head), context.voidPromise());
                unsentHead = null;
            }
        }

        @Override
        public boolean full() {
            return !context.channel().isWritable();
        }

        @Override
        public void onDrain(Runnable drained) {
            this.onDrain = drained;
        }

        void drained() {
            Runnable drain = onDrain;
            onDrain = null;
            if (drain != null) {
                drain.run();
            }
        }

        @Override
        public void failed(Throwable cause) {
            UpstreamProxy.Failure failure = UpstreamProxy.failure(method, path, cause);
            ErrorResponses.Body body = ErrorResponses.body(wantsHtml, failure.status(), failure.error(), failure.message());
            byte[] bytes = body.text().getBytes(StandardCharsets.UTF_8);
            // a HEAD gets the length of the body it would have had, and no body
            var answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(failure.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes), HeadersMultiMap.httpHeaders(),
                    HeadersMultiMap.httpHeaders());
            answer.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store").set(HttpHeaderNames.CONTENT_TYPE, body.contentType())
                    .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            unsentHead = null;
            finish(failure.status());
            context.writeAndFlush(answer, context.voidPromise());
            ended(this);
        }

        @Override
        public void breakOff() {
            finish(status);
            context.close(); // HTTP/1.1 has no other way to say an answer is incomplete
        }

        private void finish(int loggedStatus) {
            if (over) {
                return;
            }
            over = true;
            decider.log(taken, method, path, loggedStatus, System.nanoTime() - start);
        }
    }
}

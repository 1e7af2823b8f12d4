package org.dtaas.gateway.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dtaas.gateway.routing.Upstream;

/**
 * Forwards the commonest request, a GET or HEAD without a body to an upstream on TCP, on Netty channels
 * of the gateway's own (a pool per event loop) instead of through Vert.x' HttpClient. Profiled on a
 * 12-byte answer, the HttpClient's lease, request and response objects, futures and timer were about a
 * tenth of the gateway's CPU per request; here a request is one write of its head on a pooled channel,
 * and the answer's parts go to the client as they arrive, never held whole (large parts in the buffers
 * they were read into).
 *
 * <p>It answers as {@link UpstreamProxy} does: 502 when the upstream cannot be reached or closes before
 * its answer, 504 when it says nothing for the upstream timeout, a broken transfer (reset) when it fails
 * mid-answer, and the upstream connection closed (never reused) when the client leaves mid-answer. A
 * pooled connection the upstream closed while it was idle is retried once on a new one: the request had
 * no body and its method is safe, so sending it again changes nothing.
 */
final class DirectUpstream {

    /** Idle connections kept per upstream and event loop; more are closed when they come back. */
    private static final int MAX_IDLE = 512;

    private final Vertx vertx;
    private final long idleTimeoutNanos;
    private final int connectTimeoutMillis;
    private final int answerPieceBytes;
    private final FastThreadLocal<Map<Upstream, ArrayDeque<Channel>>> idleOfThisEventLoop = new FastThreadLocal<>() {
        @Override
        protected Map<Upstream, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };

    DirectUpstream(Vertx vertx, long idleTimeoutMillis, long connectTimeoutMillis, int answerPieceBytes) {
        this.vertx = vertx;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis);
        this.answerPieceBytes = answerPieceBytes;
    }

    /**
     * Whether {@link #forward} takes this request: GET or HEAD, no body, no upgrade, HTTP/1.x (an HTTP/2
     * request may have a body without saying so in a header), an upstream on TCP, on an event loop.
     */
    static boolean takes(HttpServerRequest request, Upstream upstream, boolean upgrade) {
        HttpMethod method = request.method();
        return (method == HttpMethod.GET || method == HttpMethod.HEAD) && !upgrade && upstream.socket() == null
                && request.version() != HttpVersion.HTTP_2 && Context.isOnEventLoopThread()
                && isZeroOrAbsent(request.getHeader(io.vertx.core.http.HttpHeaders.CONTENT_LENGTH))
                && !request.headers().contains(io.vertx.core.http.HttpHeaders.TRANSFER_ENCODING);
    }

    /** Some clients (Java's HttpClient) say "Content-Length: 0" with every GET: no body, all the same. */
    private static boolean isZeroOrAbsent(String contentLength) {
        return contentLength == null || contentLength.equals("0");
    }

    void forward(RoutingContext rc, Upstream upstream, String uri, io.vertx.core.MultiMap requestHeaders) {
        forward(new VertxClientSide(rc), rc.request().method() == HttpMethod.HEAD, upstream, uri, requestHeaders);
    }

    /** Sends a GET (or, {@code head}, a HEAD) without a body to {@code upstream}; its answer goes to {@code client}. */
    void forward(ClientSide client, boolean head, Upstream upstream, String uri, io.vertx.core.MultiMap requestHeaders) {
        Exchange exchange = new Exchange(client, upstream, head, uri, requestHeaders);
        client.onGone(exchange::clientLeft);
        exchange.send(idleChannel(upstream));
    }

    /** A pooled connection to {@code upstream} that is still open, or null. */
    private Channel idleChannel(Upstream upstream) {
        Map<Upstream, ArrayDeque<Channel>> pools = idleOfThisEventLoop.get();
        ArrayDeque<Channel> idle = pools.get(upstream);
        if (idle == null) {
            return null;
        }
        for (Channel channel = idle.pollLast(); channel != null; channel = idle.pollLast()) {
            if (channel.isActive()) {
                return channel;
            }
        }
        pools.remove(upstream); // tools come and go with their ports: no empty pool stays behind
        return null;
    }

    private void giveBack(Upstream upstream, Channel channel) {
        ArrayDeque<Channel> idle = idleOfThisEventLoop.get().computeIfAbsent(upstream, u -> new ArrayDeque<>());
        if (idle.size() >= MAX_IDLE) {
            channel.close();
        } else {
            idle.addLast(channel);
        }
    }

    private void forget(Upstream upstream, Channel channel) {
        Map<Upstream, ArrayDeque<Channel>> pools = idleOfThisEventLoop.get();
        ArrayDeque<Channel> idle = pools.get(upstream);
        if (idle != null && idle.remove(channel) && idle.isEmpty()) {
            pools.remove(upstream);
        }
    }

    /** One request and its answer; lives on the event loop of the client's connection, as its channels do. */
    private final class Exchange {
        private final ClientSide client;
        private final Upstream upstream;
        private final boolean head;
        private final String uri;
        private final io.vertx.core.MultiMap requestHeaders;
        private Channel channel;
        private UpstreamChannel handler;
        private boolean reused;
        private boolean answerStarted;
        private boolean keepAlive;
        private boolean done;

        Exchange(ClientSide client, Upstream upstream, boolean head, String uri, io.vertx.core.MultiMap requestHeaders) {
            this.client = client;
            this.upstream = upstream;
            this.head = head;
            this.uri = uri;
            this.requestHeaders = requestHeaders;
        }

        /** Sends on {@code pooled}, or on a new connection when it is null. */
        void send(Channel pooled) {
            if (pooled != null) {
                reused = true;
                sendOn(pooled);
                return;
            }
            reused = false;
            EventLoop loop = client.eventLoop();
            @SuppressWarnings("unchecked")
            ChannelFactory<Channel> factory = (ChannelFactory<Channel>) ((VertxInternal) vertx).transport().channelFactory(false);
            new Bootstrap().group(loop).channelFactory(factory)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                    .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            var decoder = new UpstreamRequestHead.AnswerDecoder(new HttpDecoderConfig()
                                    .setMaxInitialLineLength(4096).setMaxHeaderSize(8192).setMaxChunkSize(answerPieceBytes)
                                    .setValidateHeaders(false));
                            channel.pipeline().addLast(decoder);
                            channel.pipeline().addLast(new UpstreamChannel(upstream, decoder));
                        }
                    })
                    .connect(new InetSocketAddress(upstream.host(), upstream.port()))
                    .addListener((ChannelFutureListener) connected -> {
                        if (!connected.isSuccess()) {
                            failed(connected.cause());
                        } else if (done) {
                            giveBack(upstream, connected.channel()); // the client left while this connected
                        } else {
                            sendOn(connected.channel());
                        }
                    });
        }

        private void sendOn(Channel channel) {
            this.channel = channel;
            this.handler = channel.pipeline().get(UpstreamChannel.class);
            handler.begin(this, head);
            // encoded for each connection it goes on: a request sent again (below) is a new buffer
            channel.writeAndFlush(UpstreamRequestHead.encode(channel.alloc(), head, uri, requestHeaders), channel.voidPromise());
        }

        /** The connection ended, or failed, before the answer was complete. */
        void connectionLost(Throwable cause) {
            if (done) {
                return;
            }
            if (!answerStarted && reused) {
                send(idleChannel(upstream)); // closed by the upstream while idle: once more
                return;
            }
            failed(cause);
        }

        void failed(Throwable cause) {
            if (done) {
                return;
            }
            done = true;
            if (channel != null) {
                channel.close();
            }
            if (!answerStarted) {
                client.failed(cause);
            } else {
                client.breakOff();
            }
        }

        void clientLeft() {
            if (done) {
                return;
            }
            done = true;
            if (channel != null) {
                channel.close(); // mid-answer: the rest is not wanted, and this connection is not reusable
            }
        }

        void head(HttpResponse answer) {
            if (client.gone()) {
                answerStarted = true;
                clientLeft();
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(answer);
            try {
                client.head(answer);
            } catch (IllegalArgumentException refused) {
                // a header that cannot be sent (a NUL, a lone CR): nothing has left yet, so the client gets a 502 that says so
                failed(new IOException("the upstream's answer has a header that cannot be passed on: " + refused.getMessage()));
                return;
            }
            answerStarted = true; // only now: until here a failure is still the gateway's 502
        }

        /** A piece of the body; {@code last} ends the answer (the piece and the end then leave in one write). */
        void body(ByteBuf piece, boolean last) {
            if (last) {
                done = true;
                handler.end();
                // the connection goes back to the pool before the client's end is written: that write may end
                // the client's exchange, and its next request may want a connection to this upstream at once
                if (keepAlive && channel.isActive()) {
                    channel.config().setAutoRead(true);
                    giveBack(upstream, channel);
                } else {
                    channel.close();
                }
                client.end(piece);
                return;
            }
            if (piece.isReadable()) {
                client.write(piece);
                if (client.full()) {
                    channel.config().setAutoRead(false);
                    client.onDrain(() -> channel.config().setAutoRead(true));
                }
            }
        }
    }

    /**
     * The handler at the end of a pooled connection's pipeline: hands the answer's parts to the exchange
     * in progress and watches for the upstream going quiet (one timer per connection and timeout period,
     * not one per request: an exchange only notes when it last heard from the upstream).
     */
    private final class UpstreamChannel extends ChannelInboundHandlerAdapter {
        private final Upstream upstream;
        private final UpstreamRequestHead.AnswerDecoder decoder;
        private Exchange current;
        private long lastHeard;
        private ScheduledFuture<?> watch;
        private Channel channel;

        UpstreamChannel(Upstream upstream, UpstreamRequestHead.AnswerDecoder decoder) {
            this.upstream = upstream;
            this.decoder = decoder;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            channel = context.channel();
        }

        void begin(Exchange exchange, boolean head) {
            current = exchange;
            decoder.expectHeadAnswer(head);
            lastHeard = System.nanoTime();
            if (watch == null) {
                watch = channel.eventLoop().schedule(this::checkQuiet, idleTimeoutNanos, TimeUnit.NANOSECONDS);
            }
        }

        void end() {
            current = null;
        }

        private void checkQuiet() {
            watch = null;
            if (current == null) {
                return; // idle in the pool: the watch starts again with the next request
            }
            long quiet = System.nanoTime() - lastHeard;
            if (quiet >= idleTimeoutNanos) {
                Exchange timedOut = current;
                current = null;
                timedOut.failed(new TimeoutException("the upstream said nothing for " + TimeUnit.NANOSECONDS.toMillis(quiet) + " ms"));
            } else {
                watch = channel.eventLoop().schedule(this::checkQuiet, idleTimeoutNanos - quiet, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            try {
                Exchange exchange = current;
                if (exchange == null) {
                    context.close(); // bytes nobody asked for: this connection cannot be trusted with the next request
                    return;
                }
                if (exchange.done) {
                    return; // the client left: the connection is closing
                }
                lastHeard = System.nanoTime();
                if (message instanceof HttpResponse answer) {
                    if (answer.decoderResult().isFailure()) {
                        current = null;
                        exchange.failed(new IOException("the upstream's answer is not valid HTTP: " + answer.decoderResult().cause()));
                        return;
                    }
                    if (answer.status().code() / 100 == 1) {
                        return; // an interim answer (100 Continue, 103 Early Hints): the real one follows
                    }
                    exchange.head(answer);
                }
                if (message instanceof HttpContent piece) {
                    if (piece.decoderResult().isFailure()) {
                        current = null;
                        exchange.failed(new IOException("the upstream's answer broke off: " + piece.decoderResult().cause()));
                        return;
                    }
                    exchange.body(piece.content(), piece instanceof LastHttpContent);
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            forget(upstream, context.channel());
            if (watch != null) {
                watch.cancel(false);
                watch = null;
            }
            Exchange exchange = current;
            current = null;
            if (exchange != null) {
                exchange.connectionLost(new IOException("the upstream closed the connection"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            Exchange exchange = current;
            current = null;
            context.close();
            if (exchange != null) {
                exchange.connectionLost(cause);
            }
        }
    }
}

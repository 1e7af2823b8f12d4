package org.dtaas.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Where {@link DirectUpstream} sends an upstream's answer: a Vert.x response ({@link VertxClientSide}) or,
 * for a request the gateway took below Vert.x, the client's channel itself ({@link ChannelClientSide}).
 * Every method runs on the client connection's event loop.
 */
interface ClientSide {

    /** The client connection's event loop, where the upstream connection is opened too. */
    io.netty.channel.EventLoop eventLoop();

    /** Whether the client has gone (its connection closed or failed). */
    boolean gone();

    /** Runs {@code left} when the client goes before its answer is complete. */
    void onGone(Runnable left);

    /**
     * Takes the answer's status and end-to-end headers. Throws IllegalArgumentException, having sent
     * nothing, when a header cannot be passed on (a NUL or lone CR in it).
     */
    void head(HttpResponse answer);

    /** A piece of the body (the caller releases it: keep it only retained). */
    void write(ByteBuf piece);

    /** The last piece, possibly empty: the answer is complete. */
    void end(ByteBuf piece);

    /** Whether the client reads slower than the upstream answers: then {@link #onDrain} says when to go on. */
    boolean full();

    void onDrain(Runnable drained);

    /** No answer has started: the client gets the gateway's 502 or 504 for {@code cause}. */
    void failed(Throwable cause);

    /** The answer broke off after it started: the client must see a broken transfer, never a short complete one. */
    void breakOff();
}

package org.dtaas.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;

/** An upstream's answer to a request Vert.x' HTTP server decoded: written to its Vert.x response. */
final class VertxClientSide implements ClientSide {

    /**
     * A piece of an answer at least this large goes to the client as it was read (the read buffer, kept
     * until written); a smaller one is copied, which costs less than waiting for its write to complete.
     * Copied, a large piece was copied twice (to the heap, then back to a direct buffer for the socket).
     */
    private static final int PASSED_AS_READ = 16 * 1024;

    private final RoutingContext rc;
    private final HttpServerResponse response;

    VertxClientSide(RoutingContext rc) {
        this.rc = rc;
        this.response = rc.response();
    }

    @Override
    public io.netty.channel.EventLoop eventLoop() {
        return ((io.vertx.core.net.impl.ConnectionBase) rc.request().connection()).channel().eventLoop();
    }

    @Override
    public boolean gone() {
        return response.closed();
    }

    @Override
    public void onGone(Runnable left) {
        response.closeHandler(v -> left.run());
        response.exceptionHandler(e -> left.run());
    }

    @Override
    public void head(HttpResponse answer) {
        // checked whole before any of it is set: none of a refused answer's headers (a tool's cookies) may go
        UpstreamAnswerHead passed = UpstreamAnswerHead.of(answer);
        response.setStatusCode(passed.code());
        response.setStatusMessage(passed.reason());
        passed.copyTo(response.headers());
        UpstreamProxy.chunkedUnlessSized(response, rc.request().method());
    }

    @Override
    public void write(ByteBuf piece) {
        if (!piece.isReadable()) {
            return;
        }
        if (piece.readableBytes() >= PASSED_AS_READ) {
            passAsRead(piece, response::write);
        } else {
            response.write(Buffer.buffer(copyOf(piece)));
        }
    }

    @Override
    public void end(ByteBuf piece) {
        if (piece.readableBytes() >= PASSED_AS_READ) {
            passAsRead(piece, response::end);
        } else if (piece.isReadable()) {
            response.end(Buffer.buffer(copyOf(piece)));
        } else {
            response.end();
        }
    }

    @Override
    public boolean full() {
        return response.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable drained) {
        response.drainHandler(v -> drained.run());
    }

    @Override
    public void failed(Throwable cause) {
        UpstreamProxy.failed(rc, cause);
    }

    @Override
    public void breakOff() {
        if (!response.ended() && !response.closed()) {
            response.reset();
        }
    }

    /** Hands {@code piece} itself to Vert.x, which writes it but never releases it: released once written. */
    private static void passAsRead(ByteBuf piece, BiConsumer<Buffer, Handler<AsyncResult<Void>>> write) {
        piece.retain();
        try {
            write.accept(Buffer.buffer(piece), written -> piece.release());
        } catch (RuntimeException e) {
            piece.release();
            throw e;
        }
    }

    private static byte[] copyOf(ByteBuf piece) {
        byte[] bytes = new byte[piece.readableBytes()];
        piece.getBytes(piece.readerIndex(), bytes);
        return bytes;
    }
}

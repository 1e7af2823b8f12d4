package org.dtaas.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body on its way upstream that tells when bytes pass. The upstream's idle timeout counts
 * only bytes coming back, so without this an upload taking longer than the timeout (a large file on
 * a slow link) would be cut off while it is still flowing.
 */
final class UploadActivity implements ReadStream<Buffer> {

    private final ReadStream<Buffer> body;
    private final Runnable onActivity;
    private long lastReported;

    UploadActivity(ReadStream<Buffer> body, Runnable onActivity) {
        this.body = body;
        this.onActivity = onActivity;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        body.handler(handler == null ? null : chunk -> {
            long now = System.nanoTime();
            if (now - lastReported > 500_000_000L) { // twice a second is plenty for a timeout of seconds
                lastReported = now;
                onActivity.run();
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        body.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        body.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        body.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        body.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        body.endHandler(endHandler);
        return this;
    }
}

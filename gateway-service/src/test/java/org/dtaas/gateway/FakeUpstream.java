package org.dtaas.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP/WebSocket server the gateway forwards to in tests: it echoes what it received,
 * hashes uploads as they stream in, streams large downloads, answers slowly on request and echoes
 * WebSocket frames.
 */
final class FakeUpstream {

    static final byte[] PATTERN = "0123456789abcdef".repeat(4096).getBytes();

    /** "METHOD /path" of every request received, for tests that check what the gateway called. */
    static final java.util.Queue<String> SEEN = new java.util.concurrent.ConcurrentLinkedQueue<>();

    // epoll, as the gateway's: Unix sockets need a native transport
    private final Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true));
    private HttpServer server;

    int start() throws Exception {
        server = vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage)).requestHandler(this::handle)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return server.actualPort();
    }

    /** Also answers on the Unix socket {@code path}, as the library-service does for the gateway. */
    void listenOn(java.nio.file.Path path) throws Exception {
        vertx.createHttpServer().requestHandler(this::handle)
                .listen(io.vertx.core.net.SocketAddress.domainSocketAddress(path.toString()))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    void stop() {
        vertx.close();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        SEEN.add(request.method().name() + " " + path);
        if (path.endsWith("/upload")) {
            upload(request);
        } else if (path.endsWith("/download")) {
            download(request, Long.parseLong(request.getParam("size")));
        } else if (path.endsWith("/sized-download")) {
            sizedDownload(request, Integer.parseInt(request.getParam("size")));
        } else if (path.endsWith("/trickle")) {
            trickle(request);
        } else if (path.endsWith("/slow")) {
            vertx.setTimer(5000, t -> request.response().end("late"));
        } else {
            echo(request);
        }
    }

    private void echo(HttpServerRequest request) {
        JsonObject headers = new JsonObject();
        request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(),
                headers.getJsonArray(h.getKey().toLowerCase(), new JsonArray()).add(h.getValue())));
        request.response().putHeader("Content-Type", "application/json").putHeader("Keep-Alive", "timeout=5")
                .putHeader("Proxy-Authenticate", "Basic").putHeader("X-Upstream", "yes")
                .end(new JsonObject().put("method", request.method().name()).put("uri", request.uri())
                        .put("headers", headers).put("unixSocket", request.localAddress() != null
                                && request.localAddress().isDomainSocket()).encode());
    }

    private void upload(HttpServerRequest request) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long[] size = {0};
        request.handler(chunk -> {
            sha.update(chunk.getBytes());
            size[0] += chunk.length();
        });
        request.endHandler(v -> request.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("size", size[0]).put("sha256", HexFormat.of().formatHex(sha.digest())).encode()));
    }

    /** Sends the rest of the pending {@code /trickle} answer; the test calls it once it has the first part. */
    static volatile Runnable trickleRest = () -> { };

    /** {@code size} bytes of {@link #PATTERN} (repeated) with a Content-Length, in several writes. */
    private void sizedDownload(HttpServerRequest request, int size) {
        Buffer body = Buffer.buffer(size);
        while (body.length() < size) {
            body.appendBytes(PATTERN, 0, Math.min(PATTERN.length, size - body.length()));
        }
        var response = request.response().putHeader("Content-Length", Integer.toString(size))
                .putHeader("Content-Type", "application/octet-stream");
        for (int at = 0; at < size; at += 10_000) {
            response.write(body.slice(at, Math.min(size, at + 10_000)));
        }
        response.end();
    }

    /** An answer with a Content-Length whose first line comes at once and the rest when the test says so. */
    private void trickle(HttpServerRequest request) {
        var response = request.response().putHeader("Content-Length", "12").putHeader("Content-Type", "text/plain");
        response.write("first\n");
        var context = vertx.getOrCreateContext();
        trickleRest = () -> context.runOnContext(v -> response.end("rest!\n"));
    }

    /** Streams {@code size} bytes of {@link #PATTERN}, respecting back-pressure. */
    private void download(HttpServerRequest request, long size) {
        var response = request.response().setChunked(true).putHeader("Content-Type", "application/octet-stream");
        long[] sent = {0};
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (sent[0] < size && !response.writeQueueFull()) {
                int n = (int) Math.min(PATTERN.length, size - sent[0]);
                response.write(Buffer.buffer(PATTERN).slice(0, n));
                sent[0] += n;
            }
            if (sent[0] >= size) {
                response.end();
            } else {
                response.drainHandler(v -> pump[0].run());
            }
        };
        pump[0].run();
    }
}

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

/**
 * A reference point for bench/gateway.sh, not a part of the platform: the least an HTTP reverse proxy
 * on Vert.x does (the gateway's HTTP server and client, one client per event loop, keep-alive, the body
 * streamed with back-pressure) with none of the gateway's work (no sign-in, routing, header policy or
 * access log). Run: java -cp CLASSPATH BareVertxProxy.java PORT UPSTREAM_PORT EVENT_LOOPS
 */
public class BareVertxProxy {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        int eventLoops = Integer.parseInt(args[2]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));
        FastThreadLocal<HttpClient> clientOfThisLoop = new FastThreadLocal<>() {
            @Override
            protected HttpClient initialValue() {
                return vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(512).setKeepAlive(true));
            }
        };
        for (int i = 0; i < eventLoops; i++) {
            vertx.deployVerticle(new AbstractVerticle() {
                @Override
                public void start() {
                    vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                            .requestHandler(request -> forward(request, clientOfThisLoop.get(), upstreamPort))
                            .listen(port, "127.0.0.1");
                }
            });
        }
        System.out.println("bare Vert.x proxy on " + port);
    }

    private static void forward(HttpServerRequest request, HttpClient client, int upstreamPort) {
        request.pause(); // the body waits for the upstream connection
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        headers.remove("Connection");
        headers.set("X-Forwarded-For", request.remoteAddress().hostAddress());
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1").setPort(upstreamPort)
                .setURI(request.uri()).setHeaders(headers);
        client.request(options).compose(upstreamRequest -> upstreamRequest.send(request)).onComplete(answered -> {
            if (answered.failed()) {
                request.response().setStatusCode(502).end(answered.cause().toString());
                return;
            }
            var answer = answered.result();
            var response = request.response().setStatusCode(answer.statusCode());
            response.headers().addAll(answer.headers()).remove("Connection");
            answer.pipeTo(response);
        });
    }
}

package org.dtaas.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dtaas.gateway.GatewayWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routes pushed, not polled: with the periodic fetch an hour apart, a route the workspace-service
 * reports (a new version on {@code /internal/routes/changes}) is routable at once. The stand-in
 * workspace-service listens where the gateway's world says the workspace-service is.
 */
@QuarkusTest
@TestProfile(PushedRoutesTest.HourlyFetch.class)
class PushedRoutesTest {

    static final String BOB = "Basic " + Base64.getEncoder().encodeToString(("bob:" + "bob-secret-1").getBytes());

    /** The periodic fetch far apart: only a push can bring a route in time. */
    public static class HourlyFetch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dtaas.gateway.route-refresh", "1h");
        }
    }

    static volatile String routes = "{}";
    /** The table's version tag (null: the stand-in tags none, as an older workspace-service). */
    static volatile String routesTag;
    static final java.util.concurrent.atomic.AtomicInteger tablesSent = new java.util.concurrent.atomic.AtomicInteger();
    static final java.util.concurrent.atomic.AtomicInteger notModified = new java.util.concurrent.atomic.AtomicInteger();
    static final List<OutputStream> followers = new CopyOnWriteArrayList<>();
    static HttpServer server;

    @BeforeAll
    static void workspaceService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", GatewayWorld.workspacePort()), 0);
        server.createContext("/internal/routes", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/internal/routes/changes")) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("data:1\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                followers.add(out); // kept open: changes are written to it
                return;
            }
            String tag = routesTag;
            String asked = exchange.getRequestHeaders().getFirst("If-None-Match");
            if (tag != null && tag.equals(asked)) {
                notModified.incrementAndGet();
                exchange.getResponseHeaders().add("ETag", tag);
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            tablesSent.incrementAndGet();
            if (tag != null) {
                exchange.getResponseHeaders().add("ETag", tag);
            }
            reply(exchange, routes);
        });
        server.createContext("/internal/shared", exchange -> reply(exchange, "{}"));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    static void push(long version) throws IOException {
        for (OutputStream out : followers) {
            out.write(("data:" + version + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Test
    void aReportedRouteIsRoutableAtOnce() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (followers.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50); // the gateway tries to follow the changes every second until it can
        }
        assertNotEquals(0, followers.size(), "the gateway follows /internal/routes/changes");
        Thread.sleep(300); // the first version's fetch (an empty table) is done
        assertEquals(503, given().header("Authorization", BOB).get("/bob/lab/x").statusCode(), "no route for bob yet: his workspace is not running");

        routes = "{\"bob\": [{\"prefix\": \"/bob/\", \"url\": \"http://127.0.0.1:" + GatewayWorld.upstreamPort()
                + "/\", \"headers\": {}}]}";
        push(2);
        waitFor(() -> bobsStatus() == 200, "bob's new route is used at once, an hour before the next periodic fetch");

        // a tagged table: fetched whole until the gateway has it, then only asked whether it is still that version
        routesTag = "\"i-3\"";
        long version = 3;
        for (long until = System.currentTimeMillis() + 10_000; notModified.get() == 0 && System.currentTimeMillis() < until; ) {
            push(version++);
            Thread.sleep(100);
        }
        assertNotEquals(0, notModified.get(), "the gateway asks with the tag it has");
        Thread.sleep(300); // any fetch sent before the tag was known has been answered
        int sent = tablesSent.get();
        int asked = notModified.get();
        push(version++); // a version the gateway has not seen, but the table is still the one tagged i-3
        waitFor(() -> notModified.get() > asked, "the gateway asks again with its tag");
        assertEquals(sent, tablesSent.get(), "an unchanged table is not sent again");
        assertEquals(200, bobsStatus(), "and the routes stay");

        routes = "{}";
        routesTag = "\"i-5\"";
        push(version);
        waitFor(() -> bobsStatus() == 503, "a table with a new tag is fetched and applied");
    }

    private static int bobsStatus() {
        return given().header("Authorization", BOB).get("/bob/lab/x").statusCode();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        for (long until = System.currentTimeMillis() + 3_000; System.currentTimeMillis() < until; Thread.sleep(20)) {
            if (condition.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError(what);
    }
}

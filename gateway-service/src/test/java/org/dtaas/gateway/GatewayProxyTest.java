package org.dtaas.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Forwarding to real upstreams: headers, streamed bodies both ways, WebSockets, failures. */
@QuarkusTest
@QuarkusTestResource(GatewayWorld.class)
class GatewayProxyTest {

    @TestHTTPResource("/")
    URI base;

    static final String ALICE = "Basic " + Base64.getEncoder().encodeToString(("alice:" + GatewayWorld.ALICE_PASSWORD).getBytes());

    @jakarta.inject.Inject
    org.dtaas.gateway.routing.SharedRoutes shared;

    /**
     * A published service is the owner's program, for visitors: it gets the visitor's own Authorization
     * (services may have their own Basic sign-in; it is no DTaaS sign-in there) and none of the
     * platform's cookies, which it could otherwise replay to the gateway as the visitor.
     */
    @Test
    void aPublishedServiceGetsTheVisitorsAuthorizationAndNoPlatformCookie() {
        shared.replace(java.util.Map.of("echo", new org.dtaas.gateway.routing.SharedRoutes.Shared(
                org.dtaas.gateway.routing.ToolRoute.of("/shared/echo/", "http://127.0.0.1:" + GatewayWorld.upstreamPort + "/",
                        java.util.Map.of()), null)));
        String visitors = "Basic " + Base64.getEncoder().encodeToString("visitor:the-services-own-password".getBytes());
        JsonPath echo = given().header("Authorization", visitors)
                .header("Cookie", "dtaas_session=abc; q_session=oidc; q_session_chunk_1=more; q_auth_x=state; own=1")
                .get("/shared/echo/page").then().statusCode(200).extract().jsonPath();
        assertEquals("/page", echo.getString("uri"));
        assertEquals(visitors, echo.getString("headers.authorization[0]"));
        assertEquals("own=1", echo.getString("headers.cookie[0]"));
        // and a visitor's wrong DTaaS password is not a failed DTaaS sign-in there
        given().auth().preemptive().basic("alice", "wrong").get("/shared/echo/page").then().statusCode(200);
    }

    @Test
    void workspaceRequestsKeepPathAndQueryAndGetForwardingHeaders() {
        JsonPath echo = given().urlEncodingEnabled(false).header("Authorization", ALICE)
                .header("X-Forwarded-For", "6.6.6.6").header("X-Forwarded-User", "root")
                .header("Cookie", "dtaas_session=abc; q_session=oidc; _xsrf=keep-me")
                .header("Connection", "keep-alive, X-Private").header("X-Private", "hop").header("X-Normal", "end-to-end")
                .get("/alice/lab/tree?path=a%20b&x=1")
                .then().statusCode(200)
                .header("X-Upstream", "yes").header("Keep-Alive", nullValue()).header("Proxy-Authenticate", nullValue())
                .extract().jsonPath();
        assertEquals("/alice/lab/tree?path=a%20b&x=1", echo.getString("uri"));
        assertEquals("127.0.0.1", echo.getString("headers.'x-forwarded-for'[0]"));
        assertEquals("http", echo.getString("headers.'x-forwarded-proto'[0]"));
        assertTrue(echo.getString("headers.'x-forwarded-host'[0]").contains(":"));
        assertTrue(echo.get("headers.'x-forwarded-user'") == null, "client-supplied identity headers are dropped");
        assertTrue(echo.get("headers.authorization") == null, "the user's password never reaches a workspace");
        assertEquals("_xsrf=keep-me", echo.getString("headers.cookie[0]"), "the gateway session stays with the gateway");
        assertTrue(echo.get("headers.'x-private'") == null, "headers named in Connection are hop-by-hop");
        assertEquals("end-to-end", echo.getString("headers.'x-normal'[0]"));
    }

    /** Header names are matched without regard to case: an odd spelling passes no identity or session through. */
    @Test
    void oddlySpelledHeaderNamesAreDroppedAsSurelyAsUsualOnes() {
        JsonPath echo = given().urlEncodingEnabled(false).header("aUTHORIZATIOn", ALICE)
                .header("x-FORWARDED-user", "root").header("X-REAL-IP", "6.6.6.6").header("FORWARDED", "for=6.6.6.6")
                .header("cOOKIE", "dtaas_session=abc; q_session=oidc; own=1")
                .header("CONNECTION", "keep-alive, x-PRIVATE").header("X-Private", "hop").header("TE", "trailers")
                .get("/alice/lab/tree")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(echo.get("headers.'x-forwarded-user'") == null, "client-supplied identity headers are dropped");
        assertTrue(echo.get("headers.'x-real-ip'") == null && echo.get("headers.forwarded") == null);
        assertEquals("127.0.0.1", echo.getString("headers.'x-forwarded-for'[0]"));
        assertTrue(echo.get("headers.authorization") == null, "the user's password never reaches a workspace");
        assertEquals("own=1", echo.getString("headers.cookie[0]"), "the gateway session stays with the gateway");
        assertTrue(echo.get("headers.'x-private'") == null && echo.get("headers.te") == null, "hop-by-hop headers stay here");
    }

    @Test
    void platformServicesGetAShortLivedSignedIdentityInsteadOfTheUsersCredentials() throws Exception {
        JsonPath echo = given().header("Authorization", ALICE).get("/api/library/tree/alice/data")
                .then().statusCode(200).extract().jsonPath();
        String bearer = echo.getString("headers.authorization[0]");
        assertTrue(bearer.startsWith("Bearer "), bearer);
        assertTrue(echo.getBoolean("unixSocket"), "the library is reached on its Unix socket when it has one");
        assertEquals("localhost:" + io.restassured.RestAssured.port, echo.getString("headers.host[0]"));
        JWTAuthContextInfo verification = new JWTAuthContextInfo();
        verification.setPublicKeyContent(Files.readString(GatewayWorld.publicKey()));
        verification.setIssuedBy("dtaas-gateway");
        verification.setExpectedAudience(java.util.Set.of("dtaas-services"));
        JsonWebToken token = new DefaultJWTParser(verification).parse(bearer.substring(7));
        assertEquals("alice", token.getName());
        assertTrue(token.getGroups().contains("user") && !token.getGroups().contains("admin"));
        assertTrue(token.getExpirationTime() - token.getIssuedAtTime() <= 60, "lives at most a minute");
    }

    @Test
    void largeUploadsStreamThroughUnchanged() throws Exception {
        long size = 64L * 1024 * 1024 + 17;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HttpRequest request = HttpRequest.newBuilder(uri("/alice/upload")).header("Authorization", ALICE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size, sha))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonPath result = new JsonPath(response.body());
        assertEquals(size, result.getLong("size"));
        assertEquals(HexFormat.of().formatHex(sha.digest()), result.getString("sha256"));
    }

    @Test
    void answersOfKnownLengthArriveWholeInAnyNumberOfPieces() throws Exception {
        for (int size : new int[] {0, 1, 9_999, 10_000, 10_001, 1_000_000}) {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri("/alice/sized-download?size=" + size)).header("Authorization", ALICE).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals(String.valueOf(size), response.headers().firstValue("Content-Length").orElse(null));
            assertEquals(size, response.body().length);
            for (int i = 0; i < size; i += 997) {
                assertEquals(FakeUpstream.PATTERN[i % FakeUpstream.PATTERN.length], response.body()[i], "byte " + i);
            }
        }
    }

    /** The gateway keeps back only the piece that ends an answer, never one that more will follow. */
    @Test
    void theFirstPartOfAnAnswerArrivesBeforeTheUpstreamSendsTheRest() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri("/alice/trickle")).header("Authorization", ALICE).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            // held back, it would never come: the upstream sends the rest only after this read
            assertEquals("first\n", new String(in.readNBytes(6)));
            FakeUpstream.trickleRest.run();
            assertEquals("rest!\n", new String(in.readAllBytes()));
        }
    }

    @Test
    void largeDownloadsStreamThroughUnchanged() throws Exception {
        long size = 64L * 1024 * 1024 + 5;
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri("/alice/download?size=" + size)).header("Authorization", ALICE).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long count = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; count += n) {
                received.update(buffer, 0, n);
            }
        }
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        new PatternStream(size, expected).transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(size, count);
        assertEquals(HexFormat.of().formatHex(expected.digest()), HexFormat.of().formatHex(received.digest()));
    }

    @Test
    void webSocketsAreTunnelledBothWays() throws Exception {
        double upgraded = workspaceRequests("1xx");
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", ALICE)
                .buildAsync(URI.create(uri("/alice/terminals/websocket/1").toString().replace("http:", "ws:")),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                reply.complete(data.toString());
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("ls -la", true);
        assertEquals("ls -la", reply.get(10, TimeUnit.SECONDS));
        assertEquals(upgraded, workspaceRequests("1xx"), "a tunnel is logged when it closes");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (workspaceRequests("1xx") == upgraded && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300); // a second line would come now
        assertEquals(upgraded + 1, workspaceRequests("1xx"), "a terminal session is in the access log once, as its 101");
    }

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private double workspaceRequests(String statusClass) {
        var timer = registry.find("dtaas.gateway.requests").tags("route", "workspace", "status", statusClass).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void anotherUsersWebSocketIsRefused() throws Exception {
        String bob = "Basic " + Base64.getEncoder().encodeToString(("bob:" + GatewayWorld.BOB_PASSWORD).getBytes());
        CompletableFuture<WebSocket> attempt = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", bob)
                .buildAsync(URI.create(uri("/alice/terminals/websocket/1").toString().replace("http:", "ws:")),
                        new WebSocket.Listener() { });
        Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> attempt.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof java.net.http.WebSocketHandshakeException, failure.toString());
        assertEquals(403, ((java.net.http.WebSocketHandshakeException) failure.getCause()).getResponse().statusCode());
    }

    @Test
    void aSlowUpstreamIsGivenUpWith504() {
        given().header("Authorization", ALICE).get("/alice/slow").then().statusCode(504)
                .body("error", equalTo("Gateway Timeout"));
    }

    @Test
    void anUnreachableServiceIs502WithAReadableMessage() {
        given().header("Authorization", ALICE).get("/api/twins/alice").then().statusCode(502)
                .body("message", containsString("not reachable"));
        given().header("Authorization", ALICE).header("Accept", "text/html").get("/api/twins/alice").then().statusCode(502)
                .body(containsString("<h1>502"));
    }

    @Test
    void aUserWithoutARunningWorkspaceIsToldToStartIt() {
        String bob = "Basic " + Base64.getEncoder().encodeToString(("bob:" + GatewayWorld.BOB_PASSWORD).getBytes());
        given().header("Authorization", bob).get("/bob/lab").then().statusCode(503)
                .body("message", containsString("Start it"));
    }

    @Test
    void accessLogAndMetricsCountProxiedRequests() {
        given().header("Authorization", ALICE).get("/alice/lab").then().statusCode(200);
        String root = "Basic " + Base64.getEncoder().encodeToString(("root:" + GatewayWorld.ROOT_PASSWORD).getBytes());
        given().header("Authorization", root).get("/q/metrics").then().statusCode(200)
                .body(containsString("dtaas_gateway_requests_seconds_count{route=\"workspace\",status=\"2xx\"}"))
                .body(not(containsString("/alice/lab")));
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    /** {@code size} bytes of a repeating pattern, hashed as they are read. */
    @Test
    void anUploadLongerThanTheUpstreamTimeoutGoesOnWhileBytesFlow() throws Exception {
        // 3 s of upload against a 2 s upstream timeout: a slow link, not a silent upstream
        long size = 12L * 64 * 1024;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        PatternStream pattern = new PatternStream(size, sha);
        InputStream slow = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return pattern.read(buffer, offset, Math.min(length, 64 * 1024));
            }
        };
        HttpRequest request = HttpRequest.newBuilder(uri("/alice/upload")).header("Authorization", ALICE)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> slow), size))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HexFormat.of().formatHex(sha.digest()), new JsonPath(response.body()).getString("sha256"));
    }

    static final class PatternStream extends InputStream {
        private final long size;
        private final MessageDigest sha;
        private long position;

        PatternStream(long size, MessageDigest sha) {
            this.size = size;
            this.sha = sha;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = FakeUpstream.PATTERN[(int) ((position + i) % FakeUpstream.PATTERN.length)];
            }
            sha.update(buffer, offset, n);
            position += n;
            return n;
        }
    }
}

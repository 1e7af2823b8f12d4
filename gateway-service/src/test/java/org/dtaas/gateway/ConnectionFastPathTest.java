package org.dtaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The requests after the first on a kept-alive connection: a signed-in GET or HEAD to a tool is served
 * below Vert.x' HTTP server (ConnectionFastPath), everything else as before. What a client and a tool
 * see must not tell the two ways apart, answers keep their order, and a connection that once carried a
 * user's request gives nothing of it to the next request.
 */
@QuarkusTest
@QuarkusTestResource(GatewayWorld.class)
class ConnectionFastPathTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    MeterRegistry registry;

    private double taken() {
        return registry.get("dtaas.gateway.fast.path.requests").counter().count();
    }

    private String get(String path, String cookie) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost:" + base.getPort() + "\r\n"
                + (cookie == null ? "" : "Cookie: dtaas_session=" + cookie + "; theme=dark\r\n") + "\r\n";
    }

    @Test
    void aFollowingRequestIsAnsweredAndForwardedAsTheFirstWas() throws Exception {
        String alice = GatewayAuthTest.signIn("alice", GatewayWorld.ALICE_PASSWORD);
        try (Raw connection = new Raw(base)) {
            connection.send(get("/alice/lab/tree?x=1", alice));
            Answer first = connection.read(false);
            double before = taken();
            connection.send(get("/alice/lab/tree?x=1", alice));
            Answer second = connection.read(false);
            assertEquals(before + 1, taken(), "the second request took the fast path");
            assertEquals(200, second.status());
            assertEquals(first.headers(), second.headers(), "the same answer headers");
            JsonObject sawFirst = new JsonObject(first.body());
            JsonObject sawSecond = new JsonObject(second.body());
            assertEquals(sawFirst, sawSecond, "the tool saw the same request");
            assertEquals("/alice/lab/tree?x=1", sawSecond.getString("uri"));
            JsonObject headers = sawSecond.getJsonObject("headers");
            assertEquals("[\"theme=dark\"]", headers.getJsonArray("cookie").encode(), "the session cookie never reaches a tool");
            assertEquals("127.0.0.1", headers.getJsonArray("x-forwarded-for").getString(0));
            assertEquals("http", headers.getJsonArray("x-forwarded-proto").getString(0));
            assertFalse(second.headers().containsKey("proxy-authenticate"), "hop-by-hop headers stay with the hop");
            assertEquals("yes", second.headers().get("x-upstream"));
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheirOrderWhoeverServesThem() throws Exception {
        String alice = GatewayAuthTest.signIn("alice", GatewayWorld.ALICE_PASSWORD);
        try (Raw connection = new Raw(base)) {
            for (int round = 0; round < 3; round++) {
                double before = taken();
                connection.send(get("/alice/one", alice) + get("/auth/me", alice) + get("/alice/two", alice)
                        + "HEAD /alice/three HTTP/1.1\r\nHost: localhost\r\nCookie: dtaas_session=" + alice + "\r\n\r\n"
                        + get("/alice/four", null) + get("/alice/five", alice));
                assertEquals("/alice/one", new JsonObject(connection.read(false).body()).getString("uri"));
                assertEquals("alice", new JsonObject(connection.read(false).body()).getString("user"));
                assertEquals("/alice/two", new JsonObject(connection.read(false).body()).getString("uri"));
                Answer head = connection.read(true);
                assertEquals(200, head.status());
                assertEquals("", head.body());
                assertEquals(401, connection.read(false).status(), "no cookie: the router's sign-in answers");
                assertEquals("/alice/five", new JsonObject(connection.read(false).body()).getString("uri"));
                assertTrue(taken() > before || round == 0, "after the first round, some were served below Vert.x");
            }
        }
    }

    @Test
    void aConnectionThatCarriedAlicesRequestGivesNothingOfHersToTheNext() throws Exception {
        String alice = GatewayAuthTest.signIn("alice", GatewayWorld.ALICE_PASSWORD);
        String bob = GatewayAuthTest.signIn("bob", GatewayWorld.BOB_PASSWORD);
        try (Raw connection = new Raw(base)) {
            connection.send(get("/alice/lab", alice));
            assertEquals(200, connection.read(false).status());
            connection.send(get("/alice/lab", alice));
            assertEquals(200, connection.read(false).status());
            double before = taken();
            String[][] attacks = {
                {get("/alice/lab", bob), "403"},
                {get("/alice/lab", null), "401"},
                {get("/alice/lab", alice.substring(0, alice.length() - 2) + "xx"), "401"},
                {get("/alice/../bob/lab", alice), "400"},
                {get("/alice/%2e%2e/bob/lab", alice), "400"},
                {get("/alice//lab", alice), "400"},
                {get("/bob/lab", alice), "403"},
                {"POST /alice/lab HTTP/1.1\r\nHost: localhost\r\nCookie: dtaas_session=" + alice
                        + "\r\nOrigin: https://evil.example\r\nContent-Length: 1\r\n\r\nx", "403"},
                {get("/alice/lab", alice), "200"},
            };
            for (String[] attack : attacks) {
                connection.send(attack[0]);
                assertEquals(Integer.parseInt(attack[1]), connection.read(false).status(), attack[0]);
            }
            assertEquals(before + 1, taken(), "only alice's own request to her tool took the fast path");
        }
    }

    /** A session ended elsewhere (sign-out) counts for nothing on a connection that was opened with it. */
    @Test
    void aSessionSignedOutElsewhereEndsOnAKeptConnectionToo() throws Exception {
        String alice = GatewayAuthTest.signIn("alice", GatewayWorld.ALICE_PASSWORD);
        try (Raw connection = new Raw(base)) {
            connection.send(get("/alice/lab", alice));
            assertEquals(200, connection.read(false).status());
            double before = taken();
            connection.send(get("/alice/lab", alice));
            assertEquals(200, connection.read(false).status());
            assertEquals(before + 1, taken());
            io.restassured.RestAssured.given().cookie("dtaas_session", alice)
                    .header("Origin", "http://localhost:" + io.restassured.RestAssured.port).post("/auth/logout")
                    .then().statusCode(204);
            connection.send(get("/alice/lab", alice));
            assertEquals(401, connection.read(false).status());
            assertEquals(before + 1, taken(), "a revoked session is never taken");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        String alice = GatewayAuthTest.signIn("alice", GatewayWorld.ALICE_PASSWORD);
        try (Raw connection = new Raw(base)) {
            connection.send(get("/alice/lab", alice));
            connection.read(false);
            connection.send("GET /alice/lab HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nCookie: dtaas_session=" + alice + "\r\n\r\n");
            assertEquals(200, connection.read(false).status());
            assertEquals(-1, connection.in.read(), "the connection ends after the answer");
        }
    }

    @Test
    void anUpstreamThatFailsIsAnsweredAsOnTheFirstRequest() throws Exception {
        String erin = GatewayAuthTest.signIn("erin", GatewayWorld.ERIN_PASSWORD);
        try (Raw connection = new Raw(base)) {
            connection.send(get("/erin/page", erin));
            assertEquals("answered", connection.read(false).body());
            double before = taken();
            connection.send(get("/erin/garbage", erin));
            Answer garbage = connection.read(false);
            assertEquals(502, garbage.status());
            assertEquals("Bad Gateway", new JsonObject(garbage.body()).getString("error"));
            connection.send(get("/erin/badheader", erin));
            Answer badHeader = connection.read(false);
            assertEquals(502, badHeader.status());
            assertNull(badHeader.headers().get("set-cookie"), "none of the bad answer's headers");
            connection.send(get("/erin/twice", erin));
            assertEquals("first", connection.read(false).body());
            connection.send(get("/erin/page", erin));
            assertEquals("answered", connection.read(false).body());
            assertEquals(before + 4, taken());
            connection.send(get("/erin/broken", erin));
            Answer broken = connection.readHead(false);
            assertEquals(200, broken.status());
            byte[] body = connection.in.readNBytes(100);
            assertTrue(body.length < 100, "a broken transfer ends the connection short of the promised length");
        }
    }

    /** Small answers arrive whole and leave as one message: each framing must still end where it ends. */
    @Test
    void wholeAnswersKeepTheirFramingOnAKeptConnection() throws Exception {
        String erin = GatewayAuthTest.signIn("erin", GatewayWorld.ERIN_PASSWORD);
        try (Raw connection = new Raw(base)) {
            connection.send(get("/erin/page", erin));
            assertEquals("answered", connection.read(false).body());
            double before = taken();
            for (int round = 0; round < 2; round++) {
                connection.send(get("/erin/chunked", erin));
                Answer chunked = connection.read(false);
                assertEquals("hello", chunked.body());
                assertEquals("chunked", chunked.headers().get("transfer-encoding"));
                connection.send(get("/erin/empty", erin));
                Answer empty = connection.read(false);
                assertEquals(200, empty.status());
                assertEquals("0", empty.headers().get("content-length"));
                connection.send(get("/erin/nocontent", erin));
                Answer noContent = connection.read(false);
                assertEquals(204, noContent.status());
                assertEquals("yes", noContent.headers().get("x-scripted"));
                assertNull(noContent.headers().get("transfer-encoding"), "a 204 has no body, so no framing for one");
                connection.send(get("/erin/notmodified", erin));
                Answer notModified = connection.read(false);
                assertEquals(304, notModified.status());
                assertEquals("\"v1\"", notModified.headers().get("etag"));
                connection.send("HEAD /erin/chunked HTTP/1.1\r\nHost: localhost\r\nCookie: dtaas_session=" + erin + "\r\n\r\n");
                assertEquals(200, connection.read(true).status());
                connection.send(get("/erin/page", erin));
                assertEquals("answered", connection.read(false).body(), "the connection is still in step");
            }
            assertEquals(before + 12, taken(), "all of them took the fast path");
        }
    }

    private double workspaceRequests(String statusClass) {
        var timer = registry.find("dtaas.gateway.requests").tags("route", "workspace", "status", statusClass).timer();
        return timer == null ? 0 : timer.count();
    }

    /** A client that leaves before the tool answers got no answer: logged 499 both ways, never the 200 a response starts with. */
    @Test
    void aClientThatLeavesBeforeTheAnswerIsLoggedAsGone() throws Exception {
        String alice = GatewayAuthTest.signIn("alice", GatewayWorld.ALICE_PASSWORD);
        for (boolean followingRequest : new boolean[] {false, true}) {
            double gone = workspaceRequests("4xx");
            double answered = workspaceRequests("2xx");
            double fast = taken();
            try (Raw connection = new Raw(base)) {
                if (followingRequest) {
                    connection.send(get("/alice/lab", alice));
                    assertEquals(200, connection.read(false).status());
                    answered++;
                }
                connection.send(get("/alice/slow", alice)); // the tool answers after 5 s
                Thread.sleep(300);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (workspaceRequests("4xx") < gone + 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String way = followingRequest ? "the fast path" : "the router";
            assertEquals(gone + 1, workspaceRequests("4xx"), way + ": the request nobody answered counts as 4xx (499)");
            assertEquals(answered, workspaceRequests("2xx"), way + ": and not as 2xx");
            assertEquals(followingRequest ? fast + 1 : fast, taken(), "the slow request took " + way);
        }
    }

    @Test
    void aLargeAnswerStreamsThrough() throws Exception {
        String alice = GatewayAuthTest.signIn("alice", GatewayWorld.ALICE_PASSWORD);
        try (Raw connection = new Raw(base)) {
            for (int i = 0; i < 3; i++) {
                connection.send(get("/alice/download?size=" + (8 * 1024 * 1024 + i), alice));
                Answer answer = connection.read(false);
                assertEquals(200, answer.status());
                assertEquals(8 * 1024 * 1024 + i, answer.length());
            }
        }
    }

    record Answer(int status, Map<String, String> headers, String body, long length) {
    }

    /** A client that writes raw HTTP/1.1 and reads answers one by one (Content-Length or chunked). */
    static final class Raw implements AutoCloseable {
        private final Socket socket;
        final InputStream in;

        Raw(URI base) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(20_000);
            in = new BufferedInputStream(socket.getInputStream());
        }

        void send(String requests) throws IOException {
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }

        Answer readHead(boolean head) throws IOException {
            String statusLine = line();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, "", 0);
        }

        Answer read(boolean head) throws IOException {
            Answer answer = readHead(head);
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            long length = 0;
            if (!head && answer.headers().containsKey("content-length")) {
                length = copy(Long.parseLong(answer.headers().get("content-length")), kept);
            } else if (!head && "chunked".equals(answer.headers().get("transfer-encoding"))) {
                for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                    length += copy(size, kept);
                    line();
                }
                line();
            }
            return new Answer(answer.status(), answer.headers(), kept.toString(StandardCharsets.UTF_8), length);
        }

        private long copy(long size, ByteArrayOutputStream kept) throws IOException {
            byte[] buffer = new byte[65536];
            long left = size;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new IOException("the answer ended " + left + " bytes short");
                }
                if (kept.size() < 1_000_000) {
                    kept.write(buffer, 0, read);
                }
                left -= read;
            }
            return size;
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection ended mid-answer");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

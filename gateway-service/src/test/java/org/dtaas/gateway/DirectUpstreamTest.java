package org.dtaas.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * GET and HEAD without a body go to a workspace on the gateway's own pooled connections
 * (DirectUpstream): what an upstream may do to them, and what the client must then see.
 */
@QuarkusTest
@QuarkusTestResource(GatewayWorld.class)
class DirectUpstreamTest {

    static final String ERIN = "Basic " + Base64.getEncoder().encodeToString(("erin:" + GatewayWorld.ERIN_PASSWORD).getBytes());

    @TestHTTPResource("/")
    URI base;

    /** HTTP/1.1 as a browser speaks it without TLS: Java's client would otherwise upgrade to HTTP/2 (h2c), which takes the HttpClient's way. */
    private static HttpClient http1() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Test
    void aKeptAliveConnectionTheUpstreamClosedIsRetriedOnANewOne() {
        int before = ScriptedUpstream.CONNECTIONS.get();
        for (int i = 0; i < 6; i++) {
            // each connection answers its first request and closes at its second, as a server whose keep-alive ran out
            given().header("Authorization", ERIN).get("/erin/stale").then().statusCode(200).body(equalTo("fresh"));
        }
        assertTrue(ScriptedUpstream.CONNECTIONS.get() - before >= 6, "every request was answered on a connection of its own");
    }

    @Test
    void anAnswerTheUpstreamBreaksOffIsABrokenTransferForTheClient() {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/erin/broken")).header("Authorization", ERIN).build();
        // 10 of the 100 bytes promised: the client must not take them for the whole answer
        assertThrows(IOException.class, () -> http1().send(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    @Test
    void anHttp10AnswerThatEndsWithItsConnectionArrivesWhole() {
        given().header("Authorization", ERIN).get("/erin/http10").then().statusCode(200)
                .body(equalTo("all of it, until the end"));
    }

    @Test
    void anAnswerThatIsNotHttpIs502() {
        given().header("Authorization", ERIN).get("/erin/garbage").then().statusCode(502)
                .body("error", equalTo("Bad Gateway"));
    }

    @Test
    void anAnswerWithAHeaderThatCannotBePassedOnIs502WithNoneOfItsHeaders() {
        given().header("Authorization", ERIN).get("/erin/badheader").then().statusCode(502)
                .body("error", equalTo("Bad Gateway")).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aReasonPhraseWithAControlCharacterReachesTheClientAsTheStandardOne() throws Exception {
        // a GET goes this way (DirectUpstream), a POST by Vert.x' HttpClient: both pass the reason on
        for (String method : new String[] {"GET", "POST"}) {
            assertEquals("HTTP/1.1 200 OK\r", statusLine(method + " /erin/badreason HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + ERIN + "\r\nContent-Length: 0\r\n\r\n"), method);
        }
    }

    private String statusLine(String request) throws IOException {
        try (Socket client = new Socket(base.getHost(), base.getPort())) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = client.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
                statusLine.append((char) c);
            }
            return statusLine.toString();
        }
    }

    @Test
    void aSecondAnswerToOneRequestNeverReachesTheNextRequest() {
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", ERIN).get("/erin/twice").then().statusCode(200).body(equalTo("first"));
            // the connection that carried the extra answer is closed, not pooled: the next request gets its own
            given().header("Authorization", ERIN).get("/erin/page").then().statusCode(200).body(equalTo("answered"));
        }
    }

    @Test
    void headIsAnsweredWithTheHeadersAndWithoutABody() {
        given().header("Authorization", ERIN).head("/erin/page").then().statusCode(200)
                .header("Content-Length", "8").header("X-Scripted", "yes").body(emptyString());
        given().header("Authorization", ERIN).get("/erin/page").then().statusCode(200).body(equalTo("answered"));
    }

    @Test
    void aConnectionQuietInThePoolLongerThanTheUpstreamTimeoutIsNoTimeout() throws Exception {
        given().header("Authorization", ERIN).get("/erin/page").then().statusCode(200);
        Thread.sleep(2_600); // the upstream timeout in tests is 2 s; the pooled connection said nothing all along
        given().header("Authorization", ERIN).get("/erin/page").then().statusCode(200).body(equalTo("answered"));
    }

    /**
     * Large parts of an answer go out in the buffers they were read into, released once written: after
     * 192 MiB of answers, which arrive unchanged, the pooled memory is where it was (a part never released
     * keeps its buffer's memory taken: 196 MiB of it, tried).
     */
    @Test
    void theBuffersOfLargeAnswersAreGivenBackOnceWritten() throws Exception {
        long size = 64L * 1024 * 1024;
        io.netty.buffer.PooledByteBufAllocatorMetric pooled = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric();
        long before = pooled.usedDirectMemory();
        for (int i = 0; i < 3; i++) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/alice/download?size=" + size))
                    .header("Authorization", GatewayProxyTest.ALICE).build();
            java.security.MessageDigest received = java.security.MessageDigest.getInstance("SHA-256");
            try (InputStream body = new java.security.DigestInputStream(
                    http1().send(request, HttpResponse.BodyHandlers.ofInputStream()).body(), received)) {
                assertEquals(size, body.transferTo(OutputStream.nullOutputStream()));
            }
            java.security.MessageDigest expected = java.security.MessageDigest.getInstance("SHA-256");
            new GatewayProxyTest.PatternStream(size, expected).transferTo(OutputStream.nullOutputStream());
            assertEquals(java.util.HexFormat.of().formatHex(expected.digest()), java.util.HexFormat.of().formatHex(received.digest()),
                    "the answer arrives unchanged");
        }
        long grown = pooled.usedDirectMemory() - before;
        assertTrue(grown < 32L * 1024 * 1024, "pooled direct memory grew by " + grown + " bytes");
    }

    @Test
    void theClientLeavingMidAnswerClosesTheUpstreamConnection() throws Exception {
        ScriptedUpstream.endlessStopped = false;
        try (Socket client = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("GET /erin/endless HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nAuthorization: "
                    + ERIN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = client.getInputStream();
            byte[] some = in.readNBytes(100_000);
            assertEquals(100_000, some.length);
            assertTrue(new String(some, 0, 15, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!ScriptedUpstream.endlessStopped && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(ScriptedUpstream.endlessStopped, "the upstream was told (its connection closed) that nobody reads on");
    }
}

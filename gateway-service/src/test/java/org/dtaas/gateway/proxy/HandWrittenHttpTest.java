package org.dtaas.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bytes the fast path writes by hand instead of through Netty's encoders — a request head to a tool,
 * a whole answer to a client — read back by Netty's own decoders: what a peer would make of them.
 */
class HandWrittenHttpTest {

    // --- requests to a tool ---

    @Test
    void aRequestHeadReadsBackAsTheRequestItWas() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Host", "localhost:8080").add("Accept", "text/html")
                .add("Cookie", "a=1").add("Cookie", "b=2").add("X-Forwarded-For", "127.0.0.1");
        ByteBuf bytes = UpstreamRequestHead.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, false, "/alice/tools/lab?x=%20y", headers);
        assertEquals(bytes.capacity(), bytes.readableBytes(), "the buffer is sized exactly: never grown");
        List<Object> read = readRequest(bytes);
        HttpRequest request = (HttpRequest) read.get(0);
        assertTrue(request.decoderResult().isSuccess());
        assertEquals("GET", request.method().name());
        assertEquals("/alice/tools/lab?x=%20y", request.uri());
        assertEquals(HttpVersion.HTTP_1_1, request.protocolVersion());
        assertEquals(List.of("a=1", "b=2"), request.headers().getAll("cookie"));
        assertEquals("localhost:8080", request.headers().get("host"));
        assertEquals(5, request.headers().size());
        assertTrue(read.get(1) instanceof LastHttpContent last && !last.content().isReadable(), "no body");
    }

    @Test
    void aHeadRequestAndAnEmptyTargetAreSentAsHttpSaysTheyMust() {
        ByteBuf bytes = UpstreamRequestHead.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, true, "", MultiMap.caseInsensitiveMultiMap());
        assertEquals("HEAD / HTTP/1.1\r\n\r\n", bytes.toString(StandardCharsets.US_ASCII));
        bytes.release();
    }

    @Test
    void bytesAClientSentGoOnAsTheyCame() {
        // a header read as ISO-8859-1 characters leaves as the same bytes, not re-encoded
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Name", "caf\u00e9");
        ByteBuf bytes = UpstreamRequestHead.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, false, "/a", headers);
        byte[] sent = new byte[bytes.readableBytes()];
        bytes.readBytes(sent);
        bytes.release();
        String asLatin1 = new String(sent, StandardCharsets.ISO_8859_1);
        assertEquals("GET /a HTTP/1.1\r\nX-Name: caf\u00e9\r\n\r\n", asLatin1);
        assertEquals(sent.length, asLatin1.length());
    }

    @Test
    void theAnswerToAHeadHasNoBodyWhateverItsLengthSays() {
        var decoder = new UpstreamRequestHead.AnswerDecoder(new HttpDecoderConfig());
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.expectHeadAnswer(true);
        channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"));
        decoder.expectHeadAnswer(false);
        // the next answer on the connection is read as its own, body and all
        channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
        List<Object> read = drainInbound(channel);
        assertEquals(4, read.size(), read.toString());
        assertEquals("5", ((HttpResponse) read.get(0)).headers().get("content-length"));
        assertFalse(((LastHttpContent) read.get(1)).content().isReadable());
        assertTrue(read.get(2) instanceof HttpResponse);
        assertEquals("hello", ((HttpContent) read.get(3)).content().toString(StandardCharsets.US_ASCII));
        release(read);
    }

    @Test
    void anInterimAnswerToAHeadIsFollowedByTheRealOne() {
        var decoder = new UpstreamRequestHead.AnswerDecoder(new HttpDecoderConfig());
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.expectHeadAnswer(true);
        channel.writeInbound(ascii("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"));
        List<Object> read = drainInbound(channel);
        assertEquals(103, ((HttpResponse) read.get(0)).status().code());
        assertEquals(200, ((HttpResponse) read.get(2)).status().code());
        assertEquals(4, read.size(), read.toString());
        release(read);
    }

    // --- whole answers to a client ---

    @Test
    void aSizedAnswerKeepsItsLengthAndLosesItsHopByHopHeaders() {
        HttpResponse answer = answer(200, "OK", "Content-Length", "5", "Content-Type", "text/plain", "Connection", "keep-alive, X-Hop",
                "X-Hop", "private", "Keep-Alive", "timeout=5", "Set-Cookie", "a=1", "Set-Cookie", "b=2");
        List<Object> read = whole(answer, "hello", false);
        HttpResponse sent = (HttpResponse) read.get(0);
        assertEquals(200, sent.status().code());
        assertEquals("OK", sent.status().reasonPhrase());
        assertEquals("5", sent.headers().get("content-length"));
        assertEquals("text/plain", sent.headers().get("content-type"));
        assertEquals(List.of("a=1", "b=2"), sent.headers().getAll("set-cookie"));
        assertNull(sent.headers().get("connection"));
        assertNull(sent.headers().get("x-hop"));
        assertNull(sent.headers().get("keep-alive"));
        assertEquals("hello", body(read));
    }

    @Test
    void anUnsizedAnswerGoesChunkedWithItsBodyWhole() {
        List<Object> read = whole(answer(200, "OK", "Content-Type", "text/plain"), "hello", false);
        assertEquals("chunked", ((HttpResponse) read.get(0)).headers().get("transfer-encoding"));
        assertEquals("hello", body(read));
        List<Object> empty = whole(answer(200, "OK"), "", false);
        assertEquals("chunked", ((HttpResponse) empty.get(0)).headers().get("transfer-encoding"));
        assertEquals("", body(empty));
    }

    @Test
    void aLargeBodyFollowsItsHeadIntactSizedOrChunked() {
        String large = "x".repeat(5000) + "end";
        assertEquals(large, body(whole(answer(200, "OK", "Content-Length", String.valueOf(large.length())), large, false)));
        List<Object> chunked = whole(answer(200, "OK"), large, false);
        assertEquals("chunked", ((HttpResponse) chunked.get(0)).headers().get("transfer-encoding"));
        assertEquals(large, body(chunked));
    }

    @Test
    void answersWithoutABodyHaveNoneAndNoChunking() {
        for (int code : new int[] {204, 304}) {
            List<Object> read = whole(answer(code, "X"), "", false);
            assertEquals(code, ((HttpResponse) read.get(0)).status().code());
            assertNull(((HttpResponse) read.get(0)).headers().get("transfer-encoding"));
        }
        // a HEAD keeps the length the body would have had, and gets no body
        EmbeddedChannel client = writtenWhole(answer(200, "OK", "Content-Length", "42"), "", true);
        String text = ((ByteBuf) client.readOutbound()).toString(StandardCharsets.US_ASCII);
        assertTrue(text.endsWith("\r\n\r\n") && text.contains("Content-Length: 42"), text);
        assertFalse(text.contains("chunked"), text);
    }

    @Test
    void aReasonWithAControlCharacterIsReplacedByTheStandardOne() {
        List<Object> read = whole(answer(404, "Not\u0001Found"), "", false);
        assertEquals("Not Found", ((HttpResponse) read.get(0)).status().reasonPhrase());
        assertEquals("I Am Fine", ((HttpResponse) whole(answer(200, "I Am Fine"), "", false).get(0)).status().reasonPhrase());
    }

    @Test
    void aHeaderThatCannotBePassedOnIsRefusedBeforeAnythingIsSent() {
        assertThrows(IllegalArgumentException.class, () -> UpstreamAnswerHead.of(answer(200, "OK", "X-Evil", "a\rSet-Cookie: x=1")));
        assertThrows(IllegalArgumentException.class, () -> UpstreamAnswerHead.of(answer(200, "OK", "X-Nul", "a\u0000b")));
        assertThrows(IllegalArgumentException.class, () -> UpstreamAnswerHead.of(answer(200, "OK", "Bad Name", "v")));
        // a hop-by-hop header is dropped, not checked
        assertEquals(200, UpstreamAnswerHead.of(answer(200, "OK", "Keep-Alive", "a\u0000b")).code());
    }

    @Test
    void theStreamedHeadIsTheSameHeadAsAMessage() {
        HttpResponse message = UpstreamAnswerHead.of(answer(201, "Made", "Location", "/x", "Connection", "close")).message(false);
        assertEquals(201, message.status().code());
        assertEquals("Made", message.status().reasonPhrase());
        assertEquals("/x", message.headers().get("location"));
        assertEquals("chunked", message.headers().get("transfer-encoding"));
        assertNull(message.headers().get("connection"));
        assertNull(UpstreamAnswerHead.of(answer(200, "OK")).message(true).headers().get("transfer-encoding"));
    }

    // --- where the bytes go ---

    @Test
    void wholeAnswersGoPastTheEncoderOnlyWhenNothingBetweenWouldTreatThemOtherwise() {
        assertNotNull(ConnectionFastPath.bytesOut(pipeline(new IdleStateHandler(0, 0, 30))));
        assertNotNull(ConnectionFastPath.bytesOut(pipeline()));
        // TLS brings a chunked writer, which may hold an earlier answer; compression would be skipped
        assertNull(ConnectionFastPath.bytesOut(pipeline(new ChunkedWriteHandler())));
        assertNull(ConnectionFastPath.bytesOut(pipeline(new HttpContentCompressor())));
        EmbeddedChannel noEncoder = new EmbeddedChannel();
        noEncoder.pipeline().addLast(ConnectionFastPath.NAME, new ChannelHandlerAdapter() { });
        assertNull(ConnectionFastPath.bytesOut(noEncoder.pipeline()));
    }

    private static io.netty.channel.ChannelPipeline pipeline(io.netty.channel.ChannelHandler... between) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("httpDecoder", new HttpRequestDecoder());
        channel.pipeline().addLast("anyName", new HttpResponseEncoder()); // found by kind: Vert.x calls it httpEncoder
        for (int i = 0; i < between.length; i++) {
            channel.pipeline().addLast("between" + i, between[i]);
        }
        channel.pipeline().addLast(ConnectionFastPath.NAME, new ChannelHandlerAdapter() { });
        channel.pipeline().addLast("handler", new ChannelHandlerAdapter() { });
        return channel.pipeline();
    }

    // --- helpers ---

    private static HttpResponse answer(int code, String reason, String... headers) {
        HttpHeaders map = io.netty.handler.codec.http.DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            map.add(headers[i], headers[i + 1]);
        }
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(code, reason), map);
    }

    /** The client's channel after {@code answer} and {@code body} were written to it as one whole answer. */
    private static EmbeddedChannel writtenWhole(HttpResponse answer, String body, boolean head) {
        EmbeddedChannel client = new EmbeddedChannel(new ChannelHandlerAdapter() { });
        ChannelHandlerContext context = client.pipeline().firstContext();
        ByteBuf content = ascii(body);
        UpstreamAnswerHead.of(answer).writeWhole(context, content, head);
        content.release();
        return client;
    }

    /** What a client's decoder reads of the whole answer. */
    private static List<Object> whole(HttpResponse answer, String body, boolean head) {
        EmbeddedChannel client = writtenWhole(answer, body, head);
        EmbeddedChannel reader = new EmbeddedChannel(new HttpResponseDecoder());
        for (Object bytes = client.readOutbound(); bytes != null; bytes = client.readOutbound()) {
            reader.writeInbound(bytes);
        }
        List<Object> read = drainInbound(reader);
        assertTrue(read.get(read.size() - 1) instanceof LastHttpContent, "the answer is complete: " + read);
        for (Object part : read) {
            assertTrue(((HttpObject) part).decoderResult().isSuccess(), part.toString());
        }
        return read;
    }

    private static String body(List<Object> read) {
        StringBuilder text = new StringBuilder();
        for (Object part : read) {
            if (part instanceof HttpContent content) {
                text.append(content.content().toString(StandardCharsets.US_ASCII));
            }
        }
        release(read);
        return text.toString();
    }

    private static List<Object> readRequest(ByteBuf bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder());
        channel.writeInbound(bytes);
        return drainInbound(channel);
    }

    private static List<Object> drainInbound(EmbeddedChannel channel) {
        List<Object> read = new ArrayList<>();
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            read.add(message);
        }
        return read;
    }

    private static void release(List<Object> read) {
        read.forEach(io.netty.util.ReferenceCountUtil::release);
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }
}

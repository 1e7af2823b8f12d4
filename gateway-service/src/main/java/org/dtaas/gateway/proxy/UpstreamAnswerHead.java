package org.dtaas.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * What of an upstream's answer head read by {@link DirectUpstream} goes on to a client: its status and its
 * end-to-end headers, checked as Vert.x checks a response's headers (a NUL, a lone CR or LF, a name that is
 * not a token: refused before anything is sent). Sent either as a Netty message, or — a whole answer, the
 * common case of a small one — as bytes written by hand with its body: one buffer, no message objects and
 * no second copy of the headers into a map (profiled, bench/gateway.sh: those were a tenth of the gateway's
 * CPU for a 12-byte answer).
 */
final class UpstreamAnswerHead {

    /** Up to this, a whole answer's body is copied behind its head: one buffer to send instead of two. */
    private static final int COPIED_BODY_BYTES = 1024;
    private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "transfer-encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int COLON_SPACE = (':' << 8) | ' ';
    private static final int CRLF = ('\r' << 8) | '\n';

    private final HttpResponseStatus status;
    private final String reason;
    /** Names at even indexes, each one's value after it. */
    private final String[] headers;
    private final int headerCount;
    private final boolean sized;

    private UpstreamAnswerHead(HttpResponseStatus status, String reason, String[] headers, int headerCount, boolean sized) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.headerCount = headerCount;
        this.sized = sized;
    }

    /** The part of {@code answer} that goes on; IllegalArgumentException for a header that cannot. */
    static UpstreamAnswerHead of(HttpResponse answer) {
        io.netty.handler.codec.http.HttpHeaders from = answer.headers();
        String connection = UpstreamProxy.namingOthers(from.get(HttpHeaderNames.CONNECTION));
        String[] kept = new String[Math.max(8, from.size() * 2)];
        int count = 0;
        boolean sized = false;
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (!UpstreamProxy.isEndToEnd(name, connection)) {
                continue;
            }
            String value = header.getValue();
            HttpUtils.validateHeaderName(name);
            HttpUtils.validateHeaderValue(value);
            if (count == kept.length) {
                kept = Arrays.copyOf(kept, count * 2);
            }
            kept[count++] = name;
            kept[count++] = value;
            sized |= HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name);
        }
        return new UpstreamAnswerHead(answer.status(), reasonToSend(answer.status().code(), answer.status().reasonPhrase()), kept,
                count, sized);
    }

    /**
     * An upstream's reason phrase as it may go on to a client: as it came, unless it holds a control character
     * (which a client could read as the end of the status line): then the standard one for {@code code}.
     */
    static String reasonToSend(int code, String reason) {
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f) {
                return HttpResponseStatus.valueOf(code).reasonPhrase();
            }
        }
        return reason;
    }

    int code() {
        return status.code();
    }

    /** The reason phrase that goes on: the upstream's, or the standard one when the upstream's cannot. */
    String reason() {
        return reason;
    }

    /** Adds the headers that go on to {@code to}. */
    void copyTo(io.vertx.core.MultiMap to) {
        for (int i = 0; i < headerCount; i += 2) {
            to.add(headers[i], headers[i + 1]);
        }
    }

    /** Whether the body goes chunked: a body may follow ({@code head} false) and the upstream gave no length. */
    private boolean chunked(boolean head) {
        int code = status.code();
        return !head && code != 204 && code != 304 && !sized;
    }

    /** The head as a Netty message, for an answer whose body follows in pieces. */
    HttpResponse message(boolean head) {
        HeadersMultiMap map = HeadersMultiMap.httpHeaders();
        copyTo(map);
        if (chunked(head)) {
            map.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        }
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status.code(), reason), map);
    }

    /**
     * Writes the whole answer — this head and {@code body}, all of it — as bytes to {@code out}, a context
     * past the connection's HTTP encoder, and flushes.
     */
    void writeWhole(ChannelHandlerContext out, ByteBuf body, boolean head) {
        boolean chunked = chunked(head);
        int bodyBytes = head ? 0 : body.readableBytes();
        boolean copied = bodyBytes <= COPIED_BODY_BYTES;
        int size = HTTP_1_1.length + 3 + 1 + reason.length() + 2 + 2 + (chunked ? CHUNKED.length + 8 + 2 + 2 + LAST_CHUNK.length : 0)
                + (copied ? bodyBytes : 0);
        for (int i = 0; i < headerCount; i++) {
            size += headers[i].length() + 2;
        }
        ByteBuf bytes = out.alloc().directBuffer(size);
        bytes.writeBytes(HTTP_1_1);
        ByteBufUtil.copy(status.codeAsText(), bytes);
        bytes.writeByte(' ');
        ByteBufUtil.writeAscii(bytes, reason);
        bytes.writeShort(CRLF);
        for (int i = 0; i < headerCount; i += 2) {
            ByteBufUtil.writeAscii(bytes, headers[i]);
            bytes.writeShort(COLON_SPACE);
            ByteBufUtil.writeAscii(bytes, headers[i + 1]);
            bytes.writeShort(CRLF);
        }
        if (chunked) {
            bytes.writeBytes(CHUNKED);
        }
        bytes.writeShort(CRLF);
        if (chunked && bodyBytes > 0) {
            ByteBufUtil.writeAscii(bytes, Integer.toHexString(bodyBytes));
            bytes.writeShort(CRLF);
        }
        if (copied) {
            bytes.writeBytes(body, body.readerIndex(), bodyBytes);
            if (chunked) {
                writeChunkedEnd(bytes, bodyBytes);
            }
            out.writeAndFlush(bytes, out.voidPromise());
            return;
        }
        // a larger body goes as the buffer it was read into, after its head
        out.write(bytes, out.voidPromise());
        if (!chunked) {
            out.writeAndFlush(body.retainedSlice(), out.voidPromise());
            return;
        }
        out.write(body.retainedSlice(), out.voidPromise());
        ByteBuf end = out.alloc().directBuffer(2 + LAST_CHUNK.length);
        writeChunkedEnd(end, bodyBytes);
        out.writeAndFlush(end, out.voidPromise());
    }

    /** The end of a chunked body: the CRLF closing its one chunk (if it had one) and the last, empty chunk. */
    private static void writeChunkedEnd(ByteBuf bytes, int bodyBytes) {
        if (bodyBytes > 0) {
            bytes.writeShort(CRLF);
        }
        bytes.writeBytes(LAST_CHUNK);
    }
}

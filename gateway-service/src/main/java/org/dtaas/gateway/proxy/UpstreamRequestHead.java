package org.dtaas.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpStatusClass;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;

/**
 * A GET or HEAD without a body as the bytes {@link DirectUpstream} sends: the request line, the headers
 * and the blank line, in one buffer of the exact size. Written here rather than by Netty's request encoder:
 * the request is always a head alone, and the encoder's message objects, its pass over the headers through
 * an iterator and its growing buffer were most of what sending a request cost (profiled, bench/gateway.sh).
 * Characters go out as the bytes they were read from (ISO-8859-1), as the client sent them.
 */
final class UpstreamRequestHead {

    private static final byte[] GET = "GET ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD = "HEAD ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int COLON_SPACE = (':' << 8) | ' ';
    private static final int CRLF = ('\r' << 8) | '\n';

    private UpstreamRequestHead() {
    }

    /** The request's bytes in a new buffer of {@code allocator}'s (the caller writes it, which releases it). */
    static ByteBuf encode(ByteBufAllocator allocator, boolean head, String uri, MultiMap headers) {
        String target = uri.isEmpty() ? "/" : uri;
        HeadersSize size = new HeadersSize();
        headers.forEach(size);
        ByteBuf out = allocator.directBuffer((head ? HEAD.length : GET.length) + target.length() + VERSION.length + size.bytes + 2);
        out.writeBytes(head ? HEAD : GET);
        ByteBufUtil.writeAscii(out, target);
        out.writeBytes(VERSION);
        headers.forEach((name, value) -> {
            ByteBufUtil.writeAscii(out, name);
            out.writeShort(COLON_SPACE);
            ByteBufUtil.writeAscii(out, value);
            out.writeShort(CRLF);
        });
        out.writeShort(CRLF);
        return out;
    }

    /** The bytes the header lines take: "name: value" and CRLF each. */
    private static final class HeadersSize implements java.util.function.BiConsumer<String, String> {
        int bytes;

        @Override
        public void accept(String name, String value) {
            bytes += name.length() + value.length() + 4;
        }
    }

    /**
     * Reads the answers to the heads above. Netty's client codec knew a HEAD's answer has no body from the
     * requests it had encoded; the sender says so here ({@link #expectHeadAnswer}) before each request.
     */
    static final class AnswerDecoder extends HttpResponseDecoder {
        private boolean headAnswer;

        AnswerDecoder(HttpDecoderConfig config) {
            super(config);
        }

        void expectHeadAnswer(boolean head) {
            this.headAnswer = head;
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage message) {
            // an interim answer (100, 103) is followed by the real one, which is the HEAD's
            boolean interim = message instanceof HttpResponse answer && answer.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            return headAnswer && !interim || super.isContentAlwaysEmpty(message);
        }
    }
}

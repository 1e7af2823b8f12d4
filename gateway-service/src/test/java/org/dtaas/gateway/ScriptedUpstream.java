package org.dtaas.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream written on plain sockets, for what a well-behaved HTTP server never does: close a kept-alive
 * connection as the next request arrives, break off an answer, answer in HTTP/1.0 until it closes, answer
 * with something that is not HTTP, send a header no server may send, answer one request twice, or stream
 * without end. Each request's path (its last segment) picks the
 * misbehaviour; anything else gets a small answer on a kept-alive connection.
 */
final class ScriptedUpstream {

    /** Connections the upstream accepted: a reused connection is not counted again. */
    static final AtomicInteger CONNECTIONS = new AtomicInteger();
    /** Set when an endless answer could not be written any more: the gateway closed its side. */
    static volatile boolean endlessStopped;

    private final ServerSocket server;

    ScriptedUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void stop() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                CONNECTIONS.incrementAndGet();
                Thread connection = new Thread(() -> serve(socket), "scripted-upstream-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            for (int requestOnThisConnection = 1; ; requestOnThisConnection++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
                String method = requestLine[0];
                String last = requestLine[1].substring(requestLine[1].lastIndexOf('/') + 1);
                switch (last) {
                    case "stale" -> {
                        if (requestOnThisConnection > 1) {
                            return; // as a server whose keep-alive ran out closes: the request is never answered
                        }
                        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh");
                    }
                    case "broken" -> {
                        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
                        return;
                    }
                    case "http10" -> {
                        write(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it, until the end");
                        return;
                    }
                    case "garbage" -> {
                        write(out, "THIS IS NOT HTTP\r\n\r\n");
                        return;
                    }
                    case "badheader" -> write(out, "HTTP/1.1 200 OK\r\nSet-Cookie: tool=1\r\nX-Bad: a\u0000b\r\n"
                            + "Content-Length: 2\r\n\r\nok");
                    // a reason phrase with a control character: it must not reach a client as it came
                    case "badreason" -> write(out, "HTTP/1.1 200 Fine\u000bX-Injected: 1\r\nContent-Length: 2\r\n\r\nok");
                    case "twice" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
                            + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
                    // whole answers in one write, in each framing a small answer can have
                    case "chunked" -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
                    case "empty" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                    case "nocontent" -> write(out, "HTTP/1.1 204 No Content\r\nX-Scripted: yes\r\n\r\n");
                    case "notmodified" -> write(out, "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n");
                    case "endless" -> {
                        endless(out);
                        return;
                    }
                    default -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n"
                            + "X-Scripted: yes\r\n\r\n" + (method.equals("HEAD") ? "" : "answered"));
                }
            }
        } catch (IOException gone) {
            // the gateway closed the connection
        }
    }

    private static void endless(OutputStream out) {
        try {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException closedByTheGateway) {
            endlessStopped = true;
        }
    }

    /** The request head up to its blank line (requests here have no body), or null at the end of the connection. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}

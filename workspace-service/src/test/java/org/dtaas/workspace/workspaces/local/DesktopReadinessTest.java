package org.dtaas.workspace.workspaces.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The desktop is ready only when a VNC server answers through the real websockify the workspace
 * uses: not when only websockify runs (nothing behind it, or something that accepts and says nothing).
 */
class DesktopReadinessTest {

    private static final Path WEBSOCKIFY = Path.of("/usr/bin/websockify");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aVncServerBehindWebsockifyIsReady() throws Exception {
        try (ServerSocket vnc = server(client -> say(client, "RFB 003.008\n"))) {
            assertTrue(answersThroughWebsockify(vnc.getLocalPort()));
        }
    }

    @Test
    void websockifyAloneOrASilentServerIsNotReady() throws Exception {
        int nothing;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothing = closed.getLocalPort();
        }
        assertFalse(answersThroughWebsockify(nothing), "nothing listens behind websockify");
        try (ServerSocket silent = server(client -> sleep())) {
            assertFalse(answersThroughWebsockify(silent.getLocalPort()), "a server that says nothing");
        }
        try (ServerSocket other = server(client -> say(client, "HTTP/1.1 400 Bad Request\r\n\r\n"))) {
            assertFalse(answersThroughWebsockify(other.getLocalPort()), "something that is not VNC");
        }
    }

    private boolean answersThroughWebsockify(int target) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(WEBSOCKIFY), "websockify is not installed");
        int web;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            web = free.getLocalPort();
        }
        Process websockify = new ProcessBuilder(WEBSOCKIFY.toString(), "127.0.0.1:" + web, "127.0.0.1:" + target)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 100 && !listens(web); i++) {
                Thread.sleep(50);
            }
            return Probes.vncAnswersBehind(http, "ws://127.0.0.1:" + web + "/websockify");
        } finally {
            websockify.destroy();
            websockify.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket server(Consumer<Socket> each) throws IOException {
        ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    each.accept(client);
                } catch (IOException e) {
                    return;
                }
            }
        });
        accepting.setDaemon(true);
        accepting.start();
        return server;
    }

    private static void say(Socket client, String text) {
        try {
            OutputStream out = client.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(500);
        } catch (IOException e) {
            // the probe went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

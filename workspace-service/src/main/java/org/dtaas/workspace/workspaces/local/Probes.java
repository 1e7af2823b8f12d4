package org.dtaas.workspace.workspaces.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/** Small helpers the tools share: an HTTP health probe and random secrets. */
final class Probes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Probes() {
    }

    /** GET {@code url} answers below 500 within 2 s (a redirect to a login page counts as alive). */
    static boolean answers(HttpClient http, String url, String headerName, String headerValue) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET();
            if (headerName != null) {
                request.header(headerName, headerValue);
            }
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status < 500;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether a VNC server answers behind the WebSocket at {@code url} (websockify): its first bytes
     * are the RFB protocol version ("RFB 003.008"), sent before any client speaks. So a desktop is
     * ready only when the whole chain — websockify, x11vnc, the X display — serves, not when a port opens.
     */
    static boolean vncAnswersBehind(HttpClient http, String url) {
        java.util.concurrent.CompletableFuture<Boolean> banner = new java.util.concurrent.CompletableFuture<>();
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        java.net.http.WebSocket.Listener listener = new java.net.http.WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket socket, java.nio.ByteBuffer data,
                    boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                received.writeBytes(bytes);
                if (received.size() >= 12) {
                    banner.complete(received.toString(java.nio.charset.StandardCharsets.US_ASCII).startsWith("RFB "));
                }
                socket.request(1);
                return null;
            }

            @Override
            public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket socket, int status, String reason) {
                banner.complete(false);
                return null;
            }

            @Override
            public void onError(java.net.http.WebSocket socket, Throwable error) {
                banner.complete(false);
            }
        };
        java.net.http.WebSocket socket = null;
        try {
            socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2)).subprotocols("binary")
                    .buildAsync(URI.create(url), listener).get(3, java.util.concurrent.TimeUnit.SECONDS);
            return banner.get(3, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } finally {
            if (socket != null) {
                socket.abort();
            }
        }
    }

    /** 32 random URL-safe characters. */
    static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The environment every workspace program starts from: a clean one, as a login shell would have. */
    static java.util.Map<String, String> baseEnvironment(WorkspaceLayout layout) {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", layout.homeDir());
        env.put("USER", layout.user());
        env.put("LOGNAME", layout.user());
        env.put("SHELL", "/bin/bash");
        env.put("LANG", "C.UTF-8");
        env.put("TERM", "xterm-256color");
        env.put("TMPDIR", layout.tmpDir());
        env.put("WORKSPACE", layout.workspaceDir());
        env.put("DTAAS_USER", layout.user());
        env.putAll(org.dtaas.workspace.process.ServiceCredentials.of(layout.files()));
        return env;
    }
}

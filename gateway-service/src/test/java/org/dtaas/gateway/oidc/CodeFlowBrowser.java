package org.dtaas.gateway.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A browser's side of the code flow against the WireMock provider: cookies kept, redirects followed one by one. */
final class CodeFlowBrowser {

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    CodeFlowBrowser(URI base) {
        this.base = base;
    }

    /** Clicks "Sign in with ..." and lets the provider sign the user in; returns where the gateway sends the browser. */
    String signIn(String next) throws Exception {
        HttpResponse<String> toProvider = get("/auth/oidc/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        assertEquals(302, toProvider.statusCode(), "anonymous: off to the provider");
        URI authorize = location(toProvider);
        assertTrue(authorize.getQuery().contains("client_id=quarkus-web-app"), authorize.toString());
        String redirectUri = param(authorize, "redirect_uri");
        assertEquals(base.resolve("/auth/oidc/callback").toString(), redirectUri);
        HttpResponse<String> back = get(authorize.resolve("/login?redirect_uri=" + enc(redirectUri) + "&state="
                + enc(param(authorize, "state"))));
        assertEquals(302, back.statusCode());
        HttpResponse<String> redeemed = get(location(back));
        assertEquals(302, redeemed.statusCode(), redeemed.body());
        HttpResponse<String> signedIn = get(base.resolve(location(redeemed).toString()));
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        return signedIn.headers().firstValue("Location").orElseThrow();
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(base.resolve(path));
    }

    HttpResponse<String> get(URI uri) throws Exception {
        return send(HttpRequest.newBuilder(uri).header("Accept", "text/html").GET());
    }

    /** A POST from the web app's own page (same origin). */
    HttpResponse<String> postFromPage(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Origin", base.toString().replaceAll("/$", ""))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
    }

    static String param(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " missing in " + uri);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

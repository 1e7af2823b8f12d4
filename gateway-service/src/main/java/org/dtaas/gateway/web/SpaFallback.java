package org.dtaas.gateway.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web app's client-side routes ({@code /library}, {@code /login}, ...) have no file behind
 * them: browsers asking for such a page get {@code index.html}, and the app picks the view.
 * Real files (scripts, styles) are served by Quarkus from the client-web jar before this runs.
 */
@Singleton
public class SpaFallback {

    private final Buffer indexHtml;

    public SpaFallback() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("META-INF/resources/index.html")) {
            indexHtml = in == null ? null : Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(Router router) {
        router.route().last().handler(this::serve);
    }

    private void serve(RoutingContext rc) {
        boolean page = (rc.request().method() == HttpMethod.GET || rc.request().method() == HttpMethod.HEAD)
                && !rc.request().path().contains(".");
        if (!page || indexHtml == null) {
            ErrorResponses.send(rc, 404, "Not Found", "Nothing is here. Go to the start page.");
            return;
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(indexHtml);
    }
}

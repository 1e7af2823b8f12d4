package org.dtaas.gateway.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Every error the gateway itself answers: JSON for scripts and the web app, a short readable page
 * for a browser that navigated here. The message always says what to do next.
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static void send(RoutingContext rc, int status, String error, String message) {
        HttpServerResponse response = rc.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        Body body = body(wantsHtml(rc), status, error, message);
        response.setStatusCode(status).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.CONTENT_TYPE, body.contentType()).end(body.text());
    }

    /** An error's body and its content type. */
    public record Body(String contentType, String text) {
    }

    /** The body of an error for a client that does ({@link #wantsHtml}) or does not want a page. */
    public static Body body(boolean html, int status, String error, String message) {
        return html ? new Body("text/html; charset=utf-8", page(status, error, message))
                : new Body("application/json", new JsonObject().put("error", error).put("message", message).encode());
    }

    /** A browser navigation (not a script or the web app's fetch calls) asks for HTML first. */
    public static boolean wantsHtml(RoutingContext rc) {
        return wantsHtml(rc.request().headers());
    }

    /** {@link #wantsHtml(RoutingContext)} of a request's headers. */
    public static boolean wantsHtml(io.vertx.core.MultiMap requestHeaders) {
        String accept = requestHeaders.get(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html") && requestHeaders.get("X-Requested-With") == null;
    }

    private static String page(int status, String error, String message) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status + " " + escape(error)
                + " - DTaaS</title><style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;"
                + "padding:0 1em;color:#222}h1{font-size:1.4em}a{color:#1565c0}</style></head><body><h1>" + status + " - "
                + escape(error) + "</h1><p>" + escape(message) + "</p><p><a href=\"/\">Back to DTaaS</a></p></body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

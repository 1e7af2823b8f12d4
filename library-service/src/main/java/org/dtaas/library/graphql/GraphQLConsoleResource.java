package org.dtaas.library.graphql;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.dtaas.library.config.LibraryConfig;

/**
 * {@code GET /lib}: a small GraphQL console for people trying queries in a browser (upstream's
 * GRAPHQL_PLAYGROUND), plus the schema as SDL. Everything is served from this jar: no CDN, so it
 * works offline and under a strict Content-Security-Policy.
 */
@Path("/lib")
public class GraphQLConsoleResource {

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final boolean enabled;

    public GraphQLConsoleResource(LibraryConfig config) {
        this.enabled = config.graphqlPlayground();
    }

    @GET
    @Produces("text/html")
    public Response console() {
        return asset("console/console.html", "text/html; charset=utf-8");
    }

    @GET
    @Path("console.js")
    public Response script() {
        return asset("console/console.js", "text/javascript; charset=utf-8");
    }

    @GET
    @Path("console.css")
    public Response style() {
        return asset("console/console.css", "text/css; charset=utf-8");
    }

    /** The schema (upstream's plus the DTaaS additions), for clients and code generators. */
    @GET
    @Path("schema.graphql")
    public Response schema() {
        return Response.ok(resource("library.graphqls"), "text/plain; charset=utf-8").build();
    }

    private Response asset(String name, String type) {
        if (!enabled) {
            throw new NotFoundException("the GraphQL console is off (GRAPHQL_PLAYGROUND=false); POST queries to /lib");
        }
        return Response.ok(resource(name), type).header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-cache").build();
    }

    private static InputStream resource(String name) {
        return GraphQLConsoleResource.class.getResourceAsStream("/graphql/" + name);
    }
}

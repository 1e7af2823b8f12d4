package org.dtaas.library.graphql;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dtaas.library.config.LibraryConfig;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code POST /lib} bodies are at most {@code graphql-max-body-bytes} (upstream libms: 100 kB): a
 * larger one is answered 413 before it is read. The limit is checked on the declared length, so a
 * body without one (chunked) is answered 411: GraphQL clients send a length (fetch does).
 */
public class GraphQLBodyLimit {

    private final int maxBytes;

    public GraphQLBodyLimit(LibraryConfig config) {
        this.maxBytes = config.graphqlMaxBodyBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !"/lib".equals(request.getUriInfo().getPath())) {
            return Optional.empty();
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return Optional.of(refuse(Response.Status.LENGTH_REQUIRED, "send the GraphQL request with a Content-Length"
                    + " (at most " + maxBytes + " bytes)"));
        }
        long declared;
        try {
            declared = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Optional.of(refuse(Response.Status.BAD_REQUEST, "Content-Length '" + length + "' is not a number"));
        }
        return declared > maxBytes ? Optional.of(refuse(Response.Status.REQUEST_ENTITY_TOO_LARGE, "a GraphQL request"
                + " is at most " + maxBytes + " bytes; this one has " + declared + " (dtaas.library.graphql-max-body-bytes)"))
                : Optional.empty();
    }

    /** In GraphQL's error shape, which clients of /lib read. */
    private static Response refuse(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("errors", List.of(Map.of("message", message)))).build();
    }
}

package org.dtaas.library.graphql;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.dtaas.identity.Caller;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.library.BadPathException;

/** {@code POST /lib}: GraphQL over HTTP, {@code {"query","operationName","variables"}} in, {@code {"data","errors"}} out. */
@Path("/lib")
public class GraphQLResource {

    /** A GraphQL-over-HTTP request body. */
    public record GraphQLRequest(String query, String operationName, Map<String, Object> variables) {
    }

    private final LibraryGraphQL graphql;
    private final CurrentCaller currentCaller;
    private final GraphQLAnswerWriter writer;

    public GraphQLResource(LibraryGraphQL graphql, CurrentCaller currentCaller, ObjectMapper json) {
        this.graphql = graphql;
        this.currentCaller = currentCaller;
        this.writer = new GraphQLAnswerWriter(json);
    }

    /**
     * Not {@code @Blocking}: only the execution (which touches the disk) moves to a worker. The body was
     * read on the event loop by {@link QuickGraphQLRoute}, which has already answered a query seen before
     * when it fitted there; what comes here runs on a worker.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    // the body is QuickGraphQLRoute's to read; documented here as what it is
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GraphQLRequest.class)))
    public Uni<Response> execute(@Context RoutingContext http) {
        GraphQLRequest request = QuickGraphQLRoute.requestOf(http).orElse(null);
        if (request == null || request.query() == null || request.query().isBlank()) {
            throw new BadPathException("send {\"query\": \"...\", \"variables\": {...}} as JSON");
        }
        // taken here, on the request's own thread; the worker gets it as a value, not from a context
        Caller caller = currentCaller.get();
        // inlined files stay open until their answer has been written (or the client has gone)
        StreamedFiles files = new StreamedFiles();
        http.addEndHandler(done -> files.close());
        return Uni.createFrom().item(() -> answer(caller, files, request))
                .onFailure().invoke(files::close)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * 400 when nothing ran (a query that does not parse or validate, or is refused), as upstream libms
     * answers. The JSON is written as it is sent, files streamed in ({@link StreamedFiles}).
     */
    private Response answer(Caller caller, StreamedFiles files, GraphQLRequest request) {
        LibraryGraphQL.Answer answer = graphql.execute(caller, files, EventLoopBudget.unlimited(), request.query(), request.operationName(),
                request.variables());
        StreamingOutput body = out -> {
            try {
                writer.write(answer.body(), files, out);
            } finally {
                files.close();
            }
        };
        return Response.status(answer.requestError() ? Response.Status.BAD_REQUEST : Response.Status.OK)
                .type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}

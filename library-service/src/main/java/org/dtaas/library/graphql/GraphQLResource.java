package org.dtaas.library.graphql;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.dtaas.identity.Caller;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.library.BadPathException;
import org.dtaas.library.store.LibraryStore;

/** {@code POST /lib}: GraphQL over HTTP, {@code {"query","operationName","variables"}} in, {@code {"data","errors"}} out. */
@Path("/lib")
public class GraphQLResource {

    /** A GraphQL-over-HTTP request body. */
    public record GraphQLRequest(String query, String operationName, Map<String, Object> variables) {
    }

    private final LibraryGraphQL graphql;
    private final CurrentCaller currentCaller;
    private final GraphQLAnswerWriter writer;
    private final boolean readsLocalDisk;

    public GraphQLResource(LibraryGraphQL graphql, CurrentCaller currentCaller, ObjectMapper json, LibraryStore store) {
        this.graphql = graphql;
        this.readsLocalDisk = store.readsLocalDisk();
        this.currentCaller = currentCaller;
        this.writer = new GraphQLAnswerWriter(json);
    }

    /**
     * Not {@code @Blocking}: the small JSON body is then read on the event loop, and only the
     * execution (which touches the disk) may move to a worker. A blocking method would read the body
     * from the worker, waiting on the event loop per request: that capped /lib at ~900 req/s. On a
     * local disk a query seen before (so not parsed or validated again) is first answered right here,
     * within an {@link EventLoopBudget}; one that passes it runs again on a worker, as a new query does.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> execute(GraphQLRequest request, RoutingContext http) {
        if (request == null || request.query() == null || request.query().isBlank()) {
            throw new BadPathException("send {\"query\": \"...\", \"variables\": {...}} as JSON");
        }
        // taken here, on the request's own thread; the worker gets it as a value, not from a context
        Caller caller = currentCaller.get();
        if (readsLocalDisk && graphql.isKnownDataQuery(request.query(), request.operationName())) {
            StreamedFiles files = new StreamedFiles();
            Response quick = answerOnEventLoop(caller, files, request);
            if (quick != null) {
                http.addEndHandler(done -> files.close());
                return Uni.createFrom().item(quick);
            }
        }
        // inlined files stay open until their answer has been written (or the client has gone)
        StreamedFiles files = new StreamedFiles();
        http.addEndHandler(done -> files.close());
        return Uni.createFrom().item(() -> answer(caller, files, EventLoopBudget.unlimited(), request))
                .onFailure().invoke(files::close)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The answer within an event loop's budget, or null (and {@code files} closed) when it took more. */
    private Response answerOnEventLoop(Caller caller, StreamedFiles files, GraphQLRequest request) {
        EventLoopBudget budget = EventLoopBudget.forEventLoop();
        try {
            Response response = answer(caller, files, budget, request);
            if (!budget.exceeded()) {
                return response;
            }
        } catch (RuntimeException | Error e) {
            files.close();
            throw e;
        }
        files.close();
        return null;
    }

    /**
     * 400 when nothing ran (a query that does not parse or validate, or is refused), as upstream libms
     * answers. The JSON is written as it is sent, files streamed in ({@link StreamedFiles}).
     */
    private Response answer(Caller caller, StreamedFiles files, EventLoopBudget budget, GraphQLRequest request) {
        LibraryGraphQL.Answer answer = graphql.execute(caller, files, budget, request.query(), request.operationName(),
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

package org.dtaas.library.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.introspection.GoodFaithIntrospection;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.dtaas.identity.Caller;
import org.dtaas.library.AccessDeniedException;
import org.dtaas.library.BadPathException;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.config.LibraryConfig;
import org.jboss.logging.Logger;

/**
 * The GraphQL engine behind {@code /lib}: the upstream schema from {@code graphql/library.graphqls}
 * (SDL first, so the served schema is the upstream's to the letter), wired to {@link LibraryQueries},
 * with depth and complexity limits. Known refusals become GraphQL errors with their message;
 * anything unexpected becomes a generic error and a log line, never a stack trace to the client.
 *
 * <p>Built on graphql-java directly rather than SmallRye GraphQL (tried first): the schema comes from
 * the upstream's SDL verbatim instead of being derived from Java types, and the resource controls the
 * threading (body read on the event loop, a small query answered there, a bigger one on a worker;
 * the caller passed explicitly).
 */
@ApplicationScoped
public class LibraryGraphQL {

    private static final Logger LOG = Logger.getLogger(LibraryGraphQL.class);
    private static final Set<Class<? extends RuntimeException>> TOLD_TO_CLIENTS = Set.of(BadPathException.class,
            AccessDeniedException.class, NoSuchEntryException.class, FileTooLargeForGraphQLException.class,
            org.dtaas.library.store.StoreUnavailableException.class);

    /** Data queries without directives: held to the depth and complexity limits once, when parsed. */
    private final GraphQL graphql;
    private final ParsedQueryCache dataQueries;
    /** Data queries with directives: the limits walk them at every request (the variables decide what they select). */
    private final GraphQL withDirectives;
    /** Introspection-only requests: held to graphql-java's good-faith introspection rules instead. */
    private final GraphQL introspection;
    private final IntrospectionOnly introspectionOnly = new IntrospectionOnly();

    /** A GraphQL-over-HTTP answer; {@code requestError}: nothing ran (the query did not parse or validate, or was refused). */
    public record Answer(Map<String, Object> body, boolean requestError) {
    }

    public LibraryGraphQL(LibraryQueries queries, LibraryConfig config) {
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .scalar(LongScalar.LONG)
                .type("Query", type -> type
                        .dataFetcher("listDirectory", env -> queries.listDirectory(callerOf(env), env.getArgument("path"),
                                budgetOf(env)))
                        .dataFetcher("readFile", env -> queries.readFile(callerOf(env), env.getArgument("path"),
                                env.getGraphQlContext().get(StreamedFiles.class), budgetOf(env)))
                        .dataFetcher("searchAssets", env -> queries.searchAssets(callerOf(env), env.getArgument("query"),
                                env.getArgument("kind"), budgetOf(env))))
                .type("TreeEntry", type -> type
                        .dataFetcher("summary", env -> queries.summary(callerOf(env), env.getSource(), budgetOf(env))))
                .build();
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl()), wiring);
        this.dataQueries = new ParsedQueryCache(new QueryLimits(schema, config.graphqlMaxDepth(), config.graphqlMaxComplexity()),
                (entry, operationName) -> QueryPlan.of(entry.getDocument(), operationName, schema, queries));
        this.graphql = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(new ClientSafeErrors())
                .preparsedDocumentProvider(dataQueries)
                .build();
        this.withDirectives = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(new ClientSafeErrors())
                .preparsedDocumentProvider(new ParsedQueryCache(null))
                .instrumentation(new ChainedInstrumentation(List.of(
                        new MaxQueryDepthInstrumentation(config.graphqlMaxDepth()),
                        new MaxQueryComplexityInstrumentation(config.graphqlMaxComplexity()))))
                .build();
        this.introspection = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(new ClientSafeErrors())
                .preparsedDocumentProvider(new ParsedQueryCache(null))
                .build();
        // graphql-java's default, relied on above: said here so that a change of that default cannot open it
        GoodFaithIntrospection.enabledJvmWide(true);
    }

    /**
     * Runs one request for {@code caller} within {@code budget}; the answer is the GraphQL-over-HTTP JSON
     * map ({@code data}, {@code errors}), to be thrown away when the budget was exceeded.
     */
    Answer execute(Caller caller, StreamedFiles files, EventLoopBudget budget, String query,
            String operationName, Map<String, Object> variables) {
        ExecutionInput input = ExecutionInput.newExecutionInput().query(query).operationName(operationName)
                .variables(variables == null ? Map.of() : variables)
                .graphQLContext(Map.of(Caller.class, caller, StreamedFiles.class, files, EventLoopBudget.class, budget))
                .build();
        GraphQL engine = introspectionOnly.test(query, operationName) ? introspection
                : QueryLimits.appliesTo(query) ? graphql : withDirectives;
        ExecutionResult result = engine.execute(input);
        return new Answer(result.toSpecification(), !result.isDataPresent());
    }

    /**
     * The {@link QueryPlan} of a known data query of the plain kind, which answers it without graphql-java's
     * engine; empty for any other query, or one not seen before.
     */
    Optional<QueryPlan> planOf(String query, String operationName) {
        return dataQueries.planOf(query, operationName);
    }

    /**
     * Whether {@code query} is a data query without directives that was parsed, validated and held to the
     * limits before: running it again costs no parsing or validation (which a new, crafted query can make
     * expensive), so it may run on the event loop.
     */
    boolean isKnownDataQuery(String query, String operationName) {
        return dataQueries.knows(query, operationName);
    }

    private static Caller callerOf(graphql.schema.DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(Caller.class);
    }

    private static EventLoopBudget budgetOf(graphql.schema.DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(EventLoopBudget.class);
    }

    private static String sdl() {
        try (InputStream in = LibraryGraphQL.class.getResourceAsStream("/graphql/library.graphqls")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class ClientSafeErrors implements DataFetcherExceptionHandler {
        @Override
        public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
                graphql.execution.DataFetcherExceptionHandlerParameters parameters) {
            Throwable cause = parameters.getException();
            String message;
            StreamedFiles files = parameters.getDataFetchingEnvironment().getGraphQlContext().get(StreamedFiles.class);
            if (TOLD_TO_CLIENTS.contains(cause.getClass())) {
                message = cause.getMessage();
            } else if (files != null && files.isClosed()) {
                // the client left while the query ran (its files were closed under it): nothing went wrong here
                LOG.debugf("GraphQL %s stopped, its client left: %s", parameters.getPath(), cause);
                message = "the client left before the answer was ready";
            } else {
                LOG.errorf(cause, "GraphQL %s failed", parameters.getPath());
                message = "the library could not answer; the library-service log has the details";
            }
            GraphQLError error = GraphqlErrorBuilder.newError(parameters.getDataFetchingEnvironment()).message(message).build();
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
        }
    }
}

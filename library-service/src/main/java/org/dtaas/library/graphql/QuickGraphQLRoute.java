package org.dtaas.library.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Locale;
import org.dtaas.http.DeclaredLength;
import org.dtaas.identity.Caller;
import org.dtaas.identity.InternalToken;
import org.dtaas.library.config.LibraryConfig;
import org.dtaas.library.graphql.GraphQLResource.GraphQLRequest;
import org.dtaas.library.store.LibraryStore;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads every {@code POST /lib} body (within {@link GraphQLBodyLimit}'s limit) and answers a query seen
 * before, on a local disk, right here on the event loop within an {@link EventLoopBudget}. Most calls of
 * the web app are such queries (the same few texts, other variables), and for them RESTEasy's own work
 * (its handler chain, request context, a worker-ready output stream) was about a sixth of the library's
 * CPU per call (profiled). Everything else goes on to {@link GraphQLResource} with the request as read
 * ({@link #requestOf}): a new query, one that needs more than the budget (it runs on a worker there), or
 * a body that is not a GraphQL request. A body without a length or above the limit is not read: the
 * limit answers it (411, 413).
 */
@ApplicationScoped
public class QuickGraphQLRoute {

    /**
     * After Quarkus' HTTP security (authentication at -200, permission checks at -100): the internal token
     * is verified and the caller known; before RESTEasy's routes.
     */
    private static final int AFTER_SECURITY = -90;
    /** Before Quarkus' authentication: {@link #handlePlanned} verifies the internal token itself. */
    private static final int BEFORE_SECURITY = -300;
    private static final String PARSED = GraphQLRequest.class.getName();
    private static final String BEARER = "Bearer ";
    /** Set once the body was read (by either handler): it cannot be read twice. */
    private static final String BODY_READ = QuickGraphQLRoute.class.getName() + ".read";
    /** Set when a plan found the answer too big for the event loop: a worker runs it, nothing else tries here. */
    private static final String FOR_A_WORKER = QuickGraphQLRoute.class.getName() + ".worker";

    private final LibraryGraphQL graphql;
    /** The parser Quarkus' own token check uses (it remembers a verified token until it expires). */
    private final JWTParser tokens;
    private final GraphQLAnswerWriter writer;
    private final ObjectReader requests;
    private final boolean readsLocalDisk;
    private final int maxBodyBytes;

    public QuickGraphQLRoute(LibraryGraphQL graphql, ObjectMapper json, LibraryStore store, LibraryConfig config,
            JWTParser tokens) {
        this.graphql = graphql;
        this.tokens = tokens;
        this.writer = new GraphQLAnswerWriter(json);
        this.requests = json.readerFor(GraphQLRequest.class);
        this.readsLocalDisk = store.readsLocalDisk(); // a remote store (GitLab) is never read on an event loop
        this.maxBodyBytes = config.graphqlMaxBodyBytes();
    }

    void install(@Observes Router router) {
        router.post("/lib").order(BEFORE_SECURITY).handler(this::handlePlanned);
        router.post("/lib").order(AFTER_SECURITY).handler(this::handle);
    }

    /**
     * The GraphQL request this route read, for {@link GraphQLResource}; empty when the body was not one
     * (not JSON, or not an object with a query).
     */
    static java.util.Optional<GraphQLRequest> requestOf(RoutingContext rc) {
        return java.util.Optional.ofNullable(rc.get(PARSED));
    }

    /**
     * A known query with a {@link QueryPlan}, from a caller whose internal token verifies, is answered
     * here before Quarkus' HTTP security runs: its authentication (identity building, reactive chain,
     * permission check) was an eighth of the library's CPU on a small call (profiled). The token is checked
     * by the same parser with the same keys and claims; a request without a token that verifies, or with
     * a query this cannot answer, goes on untouched to Quarkus' security and the handlers after it.
     */
    private void handlePlanned(RoutingContext rc) {
        Caller caller = readsLocalDisk ? verifiedCaller(rc.request()) : null;
        if (caller == null) {
            rc.next(); // Quarkus refuses it (401) or it is a GitLab library: nothing here
            return;
        }
        readBody(rc, parsed -> {
            java.util.Optional<QueryPlan> plan = parsed == null || parsed.query() == null ? java.util.Optional.empty()
                    : graphql.planOf(parsed.query(), parsed.operationName());
            if (plan.isEmpty()) {
                rc.next();
                return;
            }
            Boolean planned = answeredByPlan(rc, caller, plan.get(), parsed.variables());
            if (Boolean.FALSE.equals(planned)) {
                rc.put(FOR_A_WORKER, Boolean.TRUE);
            }
            if (planned != Boolean.TRUE) {
                rc.next();
            }
        });
    }

    private void handle(RoutingContext rc) {
        if (rc.get(BODY_READ) != null) {
            GraphQLRequest parsed = rc.get(PARSED);
            if (parsed == null || !readsLocalDisk || rc.get(FOR_A_WORKER) != null || !answered(rc, parsed)) {
                rc.next();
            }
            return;
        }
        readBody(rc, parsed -> {
            if (parsed == null || !readsLocalDisk || !answered(rc, parsed)) {
                rc.next();
            }
        });
    }

    /**
     * Reads a JSON body within the limit and hands the GraphQL request in it (null when it is not one) to
     * {@code then}; a body without a length, above the limit or not JSON is not read: the request goes on.
     */
    private void readBody(RoutingContext rc, java.util.function.Consumer<GraphQLRequest> then) {
        HttpServerRequest request = rc.request();
        long length = DeclaredLength.of(request.getHeader(HttpHeaders.CONTENT_LENGTH),
                request.getHeader(HttpHeaders.TRANSFER_ENCODING));
        if (length < 0 || length > maxBodyBytes || !isJson(request)) {
            rc.next(); // answered by the limit (411, 413) or by RESTEasy (415)
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue();
        }
        rc.put(BODY_READ, Boolean.TRUE);
        request.body().onComplete(read -> {
            if (read.failed()) {
                rc.fail(read.cause());
                return;
            }
            GraphQLRequest parsed = parse(read.result());
            rc.put(PARSED, parsed);
            then.accept(parsed);
        });
        request.resume(); // Quarkus holds a request's body until a handler asks for it
    }

    /** The caller of a request whose {@code Authorization: Bearer} internal token verifies; null otherwise. */
    private Caller verifiedCaller(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        try {
            JsonWebToken token = tokens.parse(authorization.substring(BEARER.length()).trim());
            return token.getName() == null ? null : InternalToken.callerOf(token);
        } catch (ParseException | RuntimeException refused) {
            return null; // Quarkus' check refuses it again and answers
        }
    }

    /** Whether the request was answered here; false leaves the response untouched. */
    private boolean answered(RoutingContext rc, GraphQLRequest request) {
        Caller caller = callerOf(rc);
        if (caller == null || request.query() == null || !graphql.isKnownDataQuery(request.query(), request.operationName())) {
            return false;
        }
        EventLoopBudget budget = EventLoopBudget.forEventLoop();
        try (StreamedFiles files = new StreamedFiles()) {
            LibraryGraphQL.Answer answer = graphql.execute(caller, files, budget, request.query(),
                    request.operationName(), request.variables());
            if (budget.exceeded()) {
                return false;
            }
            // within the budget an answer is small (its files included): written whole, then sent in one go
            ByteBuf bytes = Unpooled.buffer();
            try (ByteBufOutputStream out = new ByteBufOutputStream(bytes)) {
                writer.write(answer.body(), files, out);
            }
            rc.response().setStatusCode(answer.requestError() ? 400 : 200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(bytes));
            return true;
        } catch (IOException | RuntimeException e) {
            // a file that could not be read, say: the resource runs it again and answers as it always does
            return false;
        }
    }

    /**
     * The answer of a {@link QueryPlan}: true when sent, false when the budget ran out (a worker runs it),
     * null when the plan cannot answer (graphql-java then runs it here, as for any known query).
     */
    private Boolean answeredByPlan(RoutingContext rc, Caller caller, QueryPlan plan, java.util.Map<String, Object> variables) {
        EventLoopBudget budget = EventLoopBudget.forEventLoop();
        ByteBuf bytes = Unpooled.buffer();
        try (StreamedFiles files = new StreamedFiles()) {
            boolean within;
            try (ByteBufOutputStream out = new ByteBufOutputStream(bytes);
                    com.fasterxml.jackson.core.JsonGenerator json = writer.generatorFor(out)) {
                within = plan.answer(caller, files, budget, variables, json);
            }
            if (!within) {
                bytes.release();
                return false;
            }
            rc.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(bytes));
            return true;
        } catch (QueryPlan.NotPlanned | IOException | RuntimeException e) {
            bytes.release();
            return null;
        }
    }

    /** The caller from the internal token Quarkus verified; null when there is none (RESTEasy then refuses). */
    private static Caller callerOf(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser user && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token
                && token.getName() != null) {
            return InternalToken.callerOf(token);
        }
        return null;
    }

    private GraphQLRequest parse(Buffer body) {
        try {
            return requests.readValue(body.getBytes());
        } catch (IOException notAGraphQLRequest) {
            return null; // the resource answers it (400)
        }
    }

    private static boolean isJson(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }
}

package org.dtaas.library.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Parses and validates each distinct query text once. Clients send the same few queries with
 * different variables, so this turns most of a request's GraphQL work into a map lookup. Bounded:
 * a client sending endless distinct queries only ever fills it, then it starts over.
 */
final class ParsedQueryCache implements PreparsedDocumentProvider {

    private static final int MAX_QUERIES = 1000;
    private static final int MAX_QUERY_LENGTH = 10_000;

    private static final BiFunction<PreparsedDocumentEntry, String, Optional<QueryPlan>> NO_PLANS = (entry, operation) -> Optional.empty();

    /** A query remembered: as graphql-java runs it, and how it is answered without it when it can be. */
    private record Known(PreparsedDocumentEntry entry, Optional<QueryPlan> plan) {
    }

    private final ConcurrentHashMap<String, Known> parsed = new ConcurrentHashMap<>();
    /** What else a parsed query must pass before it is run (and remembered); none when null. */
    private final QueryLimits limits;
    private final BiFunction<PreparsedDocumentEntry, String, Optional<QueryPlan>> planner;

    ParsedQueryCache(QueryLimits limits) {
        this(limits, NO_PLANS);
    }

    /** {@code planner}: the {@link QueryPlan} of a valid entry (with that operation), made once when it is remembered. */
    ParsedQueryCache(QueryLimits limits, BiFunction<PreparsedDocumentEntry, String, Optional<QueryPlan>> planner) {
        this.limits = limits;
        this.planner = planner;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String query = input.getQuery();
        String key = key(query, input.getOperationName());
        Known known = parsed.get(key);
        PreparsedDocumentEntry entry;
        if (known != null) {
            entry = known.entry();
        } else {
            entry = parseAndValidate.apply(input);
            boolean remember = true;
            if (limits != null) {
                QueryLimits.Checked checked = limits.check(entry, input.getOperationName(), input.getRawVariables().toMap());
                entry = checked.entry();
                remember = checked.remember();
            }
            if (remember && query.length() <= MAX_QUERY_LENGTH) {
                if (parsed.size() >= MAX_QUERIES) {
                    parsed.clear();
                }
                Optional<QueryPlan> plan = entry.hasErrors() ? Optional.empty() : planner.apply(entry, input.getOperationName());
                parsed.put(key, new Known(entry, plan));
            }
        }
        return CompletableFuture.completedFuture(entry);
    }

    /** Whether {@code query} (with that operation) was parsed, validated and passed the limits before. */
    boolean knows(String query, String operationName) {
        return parsed.containsKey(key(query, operationName));
    }

    /** The plan of a query remembered before; empty when it has none or was not seen. */
    Optional<QueryPlan> planOf(String query, String operationName) {
        Known known = parsed.get(key(query, operationName));
        return known == null ? Optional.empty() : known.plan();
    }

    // the operation chosen decides what the limits see: it is part of the key
    private static String key(String query, String operationName) {
        return operationName == null ? query : operationName + "\n" + query;
    }
}

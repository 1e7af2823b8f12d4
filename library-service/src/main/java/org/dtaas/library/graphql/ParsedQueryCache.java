package org.dtaas.library.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Parses and validates each distinct query text once. Clients send the same few queries with
 * different variables, so this turns most of a request's GraphQL work into a map lookup. Bounded:
 * a client sending endless distinct queries only ever fills it, then it starts over.
 */
final class ParsedQueryCache implements PreparsedDocumentProvider {

    private static final int MAX_QUERIES = 1000;
    private static final int MAX_QUERY_LENGTH = 10_000;

    private final ConcurrentHashMap<String, PreparsedDocumentEntry> parsed = new ConcurrentHashMap<>();
    /** What else a parsed query must pass before it is run (and remembered); none when null. */
    private final QueryLimits limits;

    ParsedQueryCache(QueryLimits limits) {
        this.limits = limits;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String query = input.getQuery();
        String key = key(query, input.getOperationName());
        PreparsedDocumentEntry entry = parsed.get(key);
        if (entry == null) {
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
                parsed.put(key, entry);
            }
        }
        return CompletableFuture.completedFuture(entry);
    }

    /** Whether {@code query} (with that operation) was parsed, validated and passed the limits before. */
    boolean knows(String query, String operationName) {
        return parsed.containsKey(key(query, operationName));
    }

    // the operation chosen decides what the limits see: it is part of the key
    private static String key(String query, String operationName) {
        return operationName == null ? query : operationName + "\n" + query;
    }
}

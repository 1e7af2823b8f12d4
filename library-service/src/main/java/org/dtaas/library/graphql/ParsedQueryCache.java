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

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String query = input.getQuery();
        PreparsedDocumentEntry entry = parsed.get(query);
        if (entry == null) {
            entry = parseAndValidate.apply(input);
            if (query.length() <= MAX_QUERY_LENGTH) {
                if (parsed.size() >= MAX_QUERIES) {
                    parsed.clear();
                }
                parsed.put(query, entry);
            }
        }
        return CompletableFuture.completedFuture(entry);
    }
}

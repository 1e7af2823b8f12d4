package org.dtaas.library.graphql;

import graphql.GraphqlErrorBuilder;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.GraphQLException;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.schema.GraphQLSchema;
import java.util.List;
import java.util.Map;

/**
 * The depth and complexity limits of data queries, checked once per distinct query text when it is
 * parsed ({@link ParsedQueryCache}) rather than on every request: graphql-java's limit
 * instrumentations walked the query at each execution, an eighth of the service's CPU for a small
 * listing. Only for queries without directives: {@code @include}/{@code @skip} make the walked
 * fields depend on the variables, so such queries keep the per-request instrumentations
 * ({@link #appliesTo}). Complexity counts every field selected (graphql-java's default calculator).
 */
final class QueryLimits {

    private final GraphQLSchema schema;
    private final int maxDepth;
    private final int maxComplexity;

    QueryLimits(GraphQLSchema schema, int maxDepth, int maxComplexity) {
        this.schema = schema;
        this.maxDepth = maxDepth;
        this.maxComplexity = maxComplexity;
    }

    /** Whether the fields a query selects are the same whatever its variables (no directive at all). */
    static boolean appliesTo(String query) {
        return query.indexOf('@') < 0;
    }

    /** What a check gives: the entry to run, and whether it holds for the same query with any variables. */
    record Checked(PreparsedDocumentEntry entry, boolean remember) {
    }

    /**
     * The entry as parsed, or one that refuses the query when it is too deep or too complex. The walk
     * needs the request's variables (it reads the arguments); variables it cannot use make an answer
     * for this request only, as execution would have refused them.
     */
    Checked check(PreparsedDocumentEntry parsed, String operationName, Map<String, Object> variables) {
        if (parsed.hasErrors()) {
            return new Checked(parsed, true);
        }
        int[] depthAndFields;
        try {
            QueryTraverser traverser = QueryTraverser.newQueryTraverser().schema(schema).document(parsed.getDocument())
                    .operationName(operationName).variables(variables).build();
            depthAndFields = traverser.reducePreOrder((field, acc) -> new int[] {Math.max(acc[0], depthOf(field)), acc[1] + 1},
                    new int[] {0, 0});
        } catch (GraphQLException e) { // bad variables: CoercingParseValueException, NonNullableValueCoercedAsNullException
            return new Checked(refused(e.getMessage()), false);
        }
        if (depthAndFields[0] > maxDepth) {
            return new Checked(refused("maximum query depth exceeded " + depthAndFields[0] + " > " + maxDepth), true);
        }
        if (depthAndFields[1] > maxComplexity) {
            return new Checked(refused("maximum query complexity exceeded " + depthAndFields[1] + " > " + maxComplexity), true);
        }
        return new Checked(parsed, true);
    }

    private static int depthOf(QueryVisitorFieldEnvironment field) {
        int depth = 1;
        for (QueryVisitorFieldEnvironment parent = field.getParentEnvironment(); parent != null; parent = parent.getParentEnvironment()) {
            depth++;
        }
        return depth;
    }

    private static PreparsedDocumentEntry refused(String message) {
        return new PreparsedDocumentEntry(List.of(GraphqlErrorBuilder.newError().message(message).build()));
    }
}

package org.dtaas.library.graphql;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Whether a request only introspects the schema ({@code __schema}, {@code __type}, {@code __typename}
 * at its top). Such a request is not held to the data queries' depth and complexity limits — the
 * standard introspection query of GraphiQL and code generators is 13 deep — but to graphql-java's
 * good-faith introspection rules (one {@code __schema}, no cycles through {@code __Type}, at most 500
 * fields and depth 20), which bound its cost on any schema.
 */
final class IntrospectionOnly {

    private static final int MAX_QUERIES = 1000;
    private static final int MAX_QUERY_LENGTH = 20_000;

    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

    boolean test(String query, String operationName) {
        if (query.length() > MAX_QUERY_LENGTH) {
            return false; // held to the data limits (and the parser's own)
        }
        String key = operationName + "\n" + query;
        Boolean known = decided.get(key);
        if (known == null) {
            known = decide(query, operationName);
            if (decided.size() >= MAX_QUERIES) {
                decided.clear();
            }
            decided.put(key, known);
        }
        return known;
    }

    private static boolean decide(String query, String operationName) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (RuntimeException invalid) {
            return false; // the engine with the limits reports the syntax error
        }
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class).stream()
                .filter(o -> operationName == null || operationName.equals(o.getName())).toList();
        Map<String, FragmentDefinition> fragments = document.getDefinitionsOfType(FragmentDefinition.class).stream()
                .collect(Collectors.toMap(FragmentDefinition::getName, f -> f, (a, b) -> a));
        return operations.size() == 1 && operations.get(0).getOperation() == OperationDefinition.Operation.QUERY
                && onlyIntrospection(operations.get(0).getSelectionSet(), fragments, 0);
    }

    private static boolean onlyIntrospection(SelectionSet selections, Map<String, FragmentDefinition> fragments, int nesting) {
        if (selections == null || nesting > 10) {
            return false;
        }
        for (Selection<?> selection : selections.getSelections()) {
            boolean introspects;
            if (selection instanceof Field field) {
                introspects = field.getName().startsWith("__");
            } else if (selection instanceof InlineFragment inline) {
                introspects = onlyIntrospection(inline.getSelectionSet(), fragments, nesting + 1);
            } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
                introspects = onlyIntrospection(fragments.get(spread.getName()).getSelectionSet(), fragments, nesting + 1);
            } else {
                introspects = false;
            }
            if (!introspects) {
                return false;
            }
        }
        return !selections.getSelections().isEmpty();
    }
}

package org.dtaas.library.graphql;

import com.fasterxml.jackson.core.JsonGenerator;
import graphql.language.Argument;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dtaas.identity.Caller;

/**
 * A validated data query of the plain kind the web app and upstream clients send — {@code listDirectory}
 * or {@code readFile} at the root, fields (aliases and {@code __typename} too) below, no fragments, no
 * directives — answered without graphql-java's execution engine: the same resolvers run, and the values
 * they return (records of {@link GitLabShapes}) are written as the JSON graphql-java would give, field
 * by field in the order selected. For a small listing graphql-java's per-field machinery (data fetcher
 * lookup, context capture, result maps) was a sixth of the library's CPU (profiled).
 *
 * <p>Anything else — another root field, a field with its own resolver ({@code summary}), a fragment, a
 * directive, a variable that is not a plain string, a response key selected twice (graphql-java merges
 * those), an error of a resolver, a null where the schema promises a value — is not answered here: the
 * caller runs the request through graphql-java as before, which answers it as it always did. Every field
 * of this schema only reads, so running a request again changes nothing. {@code QueryPlanTest} holds the
 * two to the same answer byte for byte.
 */
final class QueryPlan {

    private final List<Node> roots;
    private final LibraryQueries queries;

    private QueryPlan(List<Node> roots, LibraryQueries queries) {
        this.roots = roots;
        this.queries = queries;
    }

    /** A field of the plan: where its value goes ({@code key}), how it is read, and what is selected of it. */
    private record Node(String key, String field, Optional<Value<?>> path, GraphQLOutputType type, List<Node> selected,
            String typeName) {

        boolean isTypename() {
            return field.equals("__typename");
        }
    }

    /** Thrown while answering when the plan cannot give graphql-java's answer: the caller falls back. */
    static final class NotPlanned extends Exception {
        NotPlanned(String why) {
            super(why, null, false, false); // a normal outcome, not an error: no stack trace
        }
    }

    /**
     * The plan of {@code operationName} in {@code document} (validated against {@code schema}), when it is
     * of the plain kind; it answers with {@code queries}, the resolvers the schema's root fields are wired to.
     */
    static Optional<QueryPlan> of(Document document, String operationName, GraphQLSchema schema, LibraryQueries queries) {
        OperationDefinition operation = null;
        for (Definition<?> definition : document.getDefinitions()) {
            if (!(definition instanceof OperationDefinition candidate)) {
                return Optional.empty(); // fragment definitions
            }
            if (operationName == null ? operation == null : operationName.equals(candidate.getName())) {
                if (operation != null) {
                    return Optional.empty();
                }
                operation = candidate;
            } else if (operationName == null) {
                return Optional.empty(); // several operations and none named: graphql-java refuses it
            }
        }
        if (operation == null || operation.getOperation() != OperationDefinition.Operation.QUERY
                || !operation.getDirectives().isEmpty() || !plainVariables(operation.getVariableDefinitions())) {
            return Optional.empty();
        }
        List<Node> roots = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
            if (!(selection instanceof Field field) || !keys.add(field.getResultKey()) || !field.getDirectives().isEmpty()
                    || !(field.getName().equals("listDirectory") || field.getName().equals("readFile"))
                    || field.getArguments().size() != 1 || !field.getArguments().get(0).getName().equals("path")) {
                return Optional.empty();
            }
            Argument path = field.getArguments().get(0);
            GraphQLFieldDefinition definition = schema.getQueryType().getFieldDefinition(field.getName());
            Optional<List<Node>> selected = selections(field.getSelectionSet(), GraphQLTypeUtil.unwrapAll(definition.getType()),
                    schema.getCodeRegistry());
            if (selected.isEmpty()) {
                return Optional.empty();
            }
            roots.add(new Node(field.getResultKey(), field.getName(), Optional.of(path.getValue()), definition.getType(),
                    selected.get(), null));
        }
        return Optional.of(new QueryPlan(List.copyOf(roots), queries));
    }

    /** Variables of type String or String! (with or without a string default): the path's only types. */
    private static boolean plainVariables(List<VariableDefinition> variables) {
        for (VariableDefinition variable : variables) {
            Type<?> type = variable.getType() instanceof NonNullType nonNull ? nonNull.getType() : variable.getType();
            boolean string = type instanceof TypeName name && name.getName().equals("String");
            boolean stringDefault = variable.getDefaultValue() == null || variable.getDefaultValue() instanceof StringValue;
            if (!string || !stringDefault || !variable.getDirectives().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static Optional<List<Node>> selections(SelectionSet set, GraphQLType parent, GraphQLCodeRegistry wiring) {
        if (!(parent instanceof GraphQLObjectType object) || set == null) {
            return Optional.empty();
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Selection<?> selection : set.getSelections()) {
            if (!(selection instanceof Field field) || !keys.add(field.getResultKey()) || !field.getDirectives().isEmpty()
                    || !field.getArguments().isEmpty()) {
                return Optional.empty();
            }
            if (field.getName().equals("__typename")) {
                nodes.add(new Node(field.getResultKey(), "__typename", Optional.empty(), null, List.of(), object.getName()));
                continue;
            }
            GraphQLFieldDefinition definition = object.getFieldDefinition(field.getName());
            // a field wired to a resolver of its own (summary) is not a record's value to read
            if (definition == null || !definition.getArguments().isEmpty()
                    || wiring.hasDataFetcher(FieldCoordinates.coordinates(object, definition))) {
                return Optional.empty();
            }
            GraphQLType inner = GraphQLTypeUtil.unwrapAll(definition.getType());
            List<Node> below = List.of();
            if (inner instanceof GraphQLObjectType) {
                Optional<List<Node>> sub = selections(field.getSelectionSet(), inner, wiring);
                if (sub.isEmpty()) {
                    return Optional.empty();
                }
                below = sub.get();
            } else if (!(inner instanceof GraphQLScalarType) || field.getSelectionSet() != null) {
                return Optional.empty();
            }
            nodes.add(new Node(field.getResultKey(), field.getName(), Optional.empty(), definition.getType(), List.copyOf(below),
                    null));
        }
        return Optional.of(List.copyOf(nodes));
    }

    /**
     * Runs the plan's resolvers for {@code caller} and writes {@code {"data":{...}}}; empty when the budget
     * ran out (the answer is to be thrown away, as graphql-java's would be).
     *
     * @throws NotPlanned when only graphql-java gives the right answer (an error, a variable to coerce)
     */
    boolean answer(Caller caller, StreamedFiles files, EventLoopBudget budget,
            Map<String, Object> variables, JsonGenerator json) throws IOException, NotPlanned {
        List<Object> values = new ArrayList<>(roots.size());
        for (Node root : roots) {
            String path = pathOf(root.path().orElseThrow(), variables);
            Object value;
            try {
                value = root.field().equals("listDirectory") ? queries.listDirectory(caller, path, budget)
                        : queries.readFile(caller, path, files, budget);
            } catch (RuntimeException e) {
                throw new NotPlanned("a resolver refused: " + e.getClass().getSimpleName()); // graphql-java makes the error
            }
            if (budget.exceeded()) {
                return false;
            }
            values.add(value);
        }
        json.writeStartObject();
        json.writeFieldName("data");
        json.writeStartObject();
        for (int i = 0; i < roots.size(); i++) {
            json.writeFieldName(roots.get(i).key());
            write(roots.get(i), roots.get(i).type(), values.get(i), files, json);
        }
        json.writeEndObject();
        json.writeEndObject();
        return true;
    }

    private static String pathOf(Value<?> argument, Map<String, Object> variables) throws NotPlanned {
        if (argument instanceof StringValue literal) {
            return literal.getValue();
        }
        if (argument instanceof VariableReference reference && variables != null
                && variables.get(reference.getName()) instanceof String given) {
            return given;
        }
        throw new NotPlanned("the path is not a string given here"); // graphql-java coerces, defaults or refuses it
    }

    private static void write(Node node, GraphQLType type, Object value, StreamedFiles files, JsonGenerator json)
            throws IOException, NotPlanned {
        if (value == null) {
            if (type instanceof GraphQLNonNull) {
                throw new NotPlanned(node.field() + " is null"); // graphql-java nulls the parent and says why
            }
            json.writeNull();
            return;
        }
        GraphQLType inner = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
        if (inner instanceof GraphQLList list) {
            json.writeStartArray();
            for (Object item : (List<?>) value) {
                write(node, list.getWrappedType(), item, files, json);
            }
            json.writeEndArray();
        } else if (inner instanceof GraphQLObjectType) {
            json.writeStartObject();
            for (Node field : node.selected()) {
                json.writeFieldName(field.key());
                if (field.isTypename()) {
                    json.writeString(field.typeName());
                } else {
                    write(field, field.type(), RecordFields.read(value, field.field()), files, json);
                }
            }
            json.writeEndObject();
        } else if (value instanceof String text) {
            if (!files.writeIfPlaceholder(text, json)) {
                json.writeString(text);
            }
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else {
            throw new NotPlanned("a value of " + value.getClass().getSimpleName()); // not one this schema's records hold
        }
    }
}

package org.dtaas.library.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

/** A query is run on the event loop only once it is known: never parsed or validated there. */
class ParsedQueryCacheTest {

    @Test
    void aQueryIsKnownOnlyAfterItWasParsedAndValidatedOnceAndOnlyWithItsOperation() {
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("type Query { hello: String }"),
                RuntimeWiring.newRuntimeWiring().type("Query", type -> type.dataFetcher("hello", env -> "world")).build());
        ParsedQueryCache cache = new ParsedQueryCache(null);
        GraphQL engine = GraphQL.newGraphQL(schema).preparsedDocumentProvider(cache).build();
        String query = "query greet { hello }";
        assertFalse(cache.knows(query, null), "a new query is not known");

        java.util.Map<String, Object> data = engine.execute(query).getData();
        assertEquals("world", data.get("hello"));
        assertTrue(cache.knows(query, null));
        assertFalse(cache.knows(query, "greet"), "another operation of the same text is another entry");

        String invalid = "{ nothere }";
        assertFalse(engine.execute(invalid).getErrors().isEmpty());
        assertTrue(cache.knows(invalid, null), "a refused query is known too: it is refused again without validating");
    }
}

package org.dtaas.library.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.util.Locale;

/** {@code scalar Long}: file sizes beyond GraphQL's 32-bit Int, written as JSON numbers. */
final class LongScalar {

    static final GraphQLScalarType LONG = GraphQLScalarType.newScalar().name("Long")
            .description("A 64-bit integer").coercing(new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object value, GraphQLContext context, Locale locale) {
                    if (value instanceof Number number) {
                        return number.longValue();
                    }
                    throw new CoercingSerializeException("not a number: " + value);
                }

                @Override
                public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof Number number) {
                        return number.longValue();
                    }
                    throw new CoercingParseValueException("expected an integer");
                }

                @Override
                public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    if (input instanceof IntValue integer) {
                        return integer.getValue().longValueExact();
                    }
                    throw new CoercingParseLiteralException("expected an integer");
                }
            }).build();

    private LongScalar() {
    }
}

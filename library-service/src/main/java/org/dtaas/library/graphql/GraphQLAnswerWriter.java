package org.dtaas.library.graphql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes a GraphQL-over-HTTP answer ({@code data}, {@code errors}: maps, lists and scalars as
 * graphql-java gives them) as JSON straight to the response, streaming inlined files in place of
 * their placeholders ({@link StreamedFiles}).
 */
final class GraphQLAnswerWriter {

    private final ObjectMapper json;

    GraphQLAnswerWriter(ObjectMapper json) {
        this.json = json;
    }

    void write(Map<String, Object> answer, StreamedFiles files, OutputStream out) throws IOException {
        try (JsonGenerator generator = generatorFor(out)) {
            value(answer, files, generator);
        }
    }

    /** A generator writing to {@code out} as answers are written (also by a {@link QueryPlan}); to be closed. */
    JsonGenerator generatorFor(OutputStream out) throws IOException {
        JsonGenerator generator = json.getFactory().createGenerator(out);
        generator.setCodec(json);
        // flushing hands the generator's bytes to the stream (StreamedFiles writes past it), no more:
        // a flush of the response itself would send a small answer in several pieces
        generator.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        return generator;
    }

    private static void value(Object value, StreamedFiles files, JsonGenerator generator) throws IOException {
        if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                value(entry.getValue(), files, generator);
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                value(item, files, generator);
            }
            generator.writeEndArray();
        } else if (value instanceof String text) {
            if (!files.writeIfPlaceholder(text, generator)) {
                generator.writeString(text);
            }
        } else {
            generator.writeObject(value); // numbers, booleans, null; anything else as Jackson writes it
        }
    }
}

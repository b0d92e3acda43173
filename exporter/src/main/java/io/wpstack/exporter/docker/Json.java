package io.wpstack.exporter.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Streams a JSON array one element at a time, so a response of 10,000 tasks is never held whole
 * in memory: each element becomes a small tree that a mapper turns into a record, or is read
 * straight from the tokens by an {@link ElementReader}.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /**
     * @param keep the top-level fields of each element the mapper reads; the others (a task's
     *     Spec, its network attachments...) are skipped unparsed, which keeps garbage small
     */
    static <T> List<T> readArray(InputStream in, Set<String> keep, Function<JsonObject, T> mapper) throws IOException {
        return readArrayDirect(in, parser -> mapper.apply(new JsonObject(readObjectKeeping(parser, keep))));
    }

    /** Reads one element of an array from the parser, positioned on the element's START_OBJECT. */
    @FunctionalInterface
    interface ElementReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /**
     * Like {@link #readArray(InputStream, Set, Function)}, but each element is read straight from the
     * token stream, with no tree in between: for the one array that is large (10,000 tasks).
     */
    static <T> List<T> readArrayDirect(InputStream in, ElementReader<T> reader) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("expected a JSON array, found " + parser.currentToken());
            }
            List<T> result = new ArrayList<>();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                result.add(reader.read(parser));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("expected an object or the end of the array, found " + parser.currentToken());
            }
            return result;
        }
    }

    /**
     * The current value as text, as {@link JsonObject#string} reads it: a string as is, a number or
     * boolean as written, null, an object or an array as "" (skipped).
     */
    static String text(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return "";
        }
        return token == JsonToken.VALUE_NULL ? "" : parser.getText();
    }

    static JsonObject readObject(InputStream in) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object, found " + parser.currentToken());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) readValue(parser);
            return new JsonObject(value);
        }
    }

    private static Map<String, Object> readObjectKeeping(JsonParser parser, Set<String> keep) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (keep.contains(name)) {
                map.put(name, readValue(parser));
            } else {
                parser.skipChildren();
            }
        }
        return map;
    }

    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new IOException("unexpected end of JSON");
        }
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, readValue(parser));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> JsonObject.NULL;
            default -> throw new IOException("unexpected JSON token " + token);
        };
    }
}

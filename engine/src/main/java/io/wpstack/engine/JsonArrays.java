package io.wpstack.engine;

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
 * in memory: each element becomes a small {@link Json} tree that a mapper turns into a record, or is read
 * straight from the tokens by an {@link ElementReader}.
 */
public final class JsonArrays {
    private JsonArrays() {}

    /**
     * @param keep the top-level fields of each element the mapper reads; the others (a task's
     *     Spec, its network attachments...) are skipped unparsed, which keeps garbage small
     */
    public static <T> List<T> read(InputStream in, Set<String> keep, Function<Json, T> mapper) throws IOException {
        return readDirect(in, parser -> mapper.apply(Json.of(readObjectKeeping(parser, keep))));
    }

    /** Reads one element of an array from the parser, positioned on the element's START_OBJECT. */
    @FunctionalInterface
    public interface ElementReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /**
     * Like {@link #read(InputStream, Set, Function)}, but each element is read straight from the
     * token stream, with no tree in between: for the one array that is large (10,000 tasks).
     */
    public static <T> List<T> readDirect(InputStream in, ElementReader<T> reader) throws IOException {
        try (JsonParser parser = Json.factory().createParser(in)) {
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
     * The current value as text, as {@link Json#string} reads it: a string as is, a number or
     * boolean as written, null, an object or an array as "" (skipped).
     */
    public static String text(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return "";
        }
        return token == JsonToken.VALUE_NULL ? "" : parser.getText();
    }

    private static Map<String, Object> readObjectKeeping(JsonParser parser, Set<String> keep) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (keep.contains(name)) {
                map.put(name, Json.read(parser));
            } else {
                parser.skipChildren();
            }
        }
        return map;
    }
}

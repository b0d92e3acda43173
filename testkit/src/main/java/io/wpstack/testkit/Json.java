package io.wpstack.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' one JSON reader: a JSON text as plain, unmodifiable values (Map in document order, List, String,
 * Long or BigInteger, Double, Boolean, null), read with jackson-core, with path accessors for the answers of the
 * Engine API, Prometheus, Alertmanager and WordPress.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** Parses one JSON value; throws naming the (abbreviated) text when it is not exactly one. */
    public static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            Object value = read(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IOException("more after the value: " + parser.currentToken());
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + abbreviate(text), e);
        }
    }

    /** The value at {@code path} (object keys) under {@code value}, or null where it has none. */
    public static Object at(Object value, String... path) {
        Object current = value;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** The string at {@code path}, or null where there is none (or something else). */
    public static String string(Object value, String... path) {
        return at(value, path) instanceof String s ? s : null;
    }

    /** The value at {@code path} as text (a number as its digits), or "" where there is none. */
    public static String text(Object value, String... path) {
        Object found = at(value, path);
        return found == null ? "" : found.toString();
    }

    /** The objects of the array at {@code path}; empty where there is none. */
    public static List<Map<?, ?>> objects(Object value, String... path) {
        if (!(at(value, path) instanceof List<?> list)) {
            return List.of();
        }
        List<Map<?, ?>> objects = new ArrayList<>();
        for (Object element : list) {
            if (element instanceof Map<?, ?> map) {
                objects.add(map);
            }
        }
        return Collections.unmodifiableList(objects);
    }

    /** The text itself, or its first 500 characters and "...", for messages. */
    public static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IOException("empty input");
        }
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                yield Collections.unmodifiableMap(map);
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(parser, next));
                }
                yield Collections.unmodifiableList(list);
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT ->
                parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue()
                        : parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + token);
        };
    }
}

package io.wpstack.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One JSON value, read with jackson-core: the one JSON tree of the exporter, the CLI and the tests (the Engine
 * API's answers, Grafana's dashboards, Prometheus', Alertmanager's and WordPress' answers). Path accessors follow
 * object keys and answer a default ("", 0, false, empty) where the document has nothing, or null. Objects keep
 * document order. A tree is never changed once read.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** A Map (object, in document order), List, String, Long, BigInteger, Double, Boolean, or null. */
    private final Object value;

    private Json(Object value) {
        this.value = value;
    }

    /** Parses exactly one JSON value; throws naming the (abbreviated) text when it is not exactly one. */
    public static Json parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return readWhole(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + abbreviate(text), e);
        }
    }

    /**
     * Parses exactly one JSON value from {@code in} (not closed).
     *
     * @throws IOException jackson-core's {@link com.fasterxml.jackson.core.JsonProcessingException} (with the
     *     location) when it is not JSON, or the stream's own failure
     */
    public static Json parse(InputStream in) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            return readWhole(parser);
        }
    }

    /** The text as a JSON string literal, quoted and escaped as jackson writes it. */
    public static String quote(String text) {
        return new Json(text).toString();
    }

    /** The text itself, or its first 500 characters and "...", for messages. */
    public static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    static JsonFactory factory() {
        return FACTORY;
    }

    private static Json readWhole(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new IOException("empty input");
        }
        Object value = read(parser);
        if (parser.nextToken() != null) {
            throw new IOException("more after the value: " + parser.currentToken());
        }
        return new Json(value);
    }

    /** The current value of PARSER (positioned on its first token), read whole. */
    static Object read(JsonParser parser) throws IOException {
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
                    map.put(name, read(parser));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser));
                }
                yield list;
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
            default -> throw new IOException("unexpected JSON token " + token);
        };
    }

    /** A tree over an already read value (a Map of {@link #read} values, as the array reader keeps them). */
    static Json of(Object value) {
        return new Json(value);
    }

    // --- what this value is ---

    public boolean isObject() {
        return value instanceof Map<?, ?>;
    }

    public boolean isArray() {
        return value instanceof List<?>;
    }

    public boolean isString() {
        return value instanceof String;
    }

    /** JSON null, or nothing (what a path to nowhere leads to). */
    public boolean isNull() {
        return value == null;
    }

    /** An object's values or an array's elements, in document order; empty for anything else. */
    public List<Json> children() {
        return switch (value) {
            case Map<?, ?> map -> map.values().stream().map(Json::new).toList();
            case List<?> list -> list.stream().map(Json::new).toList();
            case null, default -> List.of();
        };
    }

    /** An object's keys (null members too), in document order; empty for anything else. */
    public List<String> keys() {
        return value instanceof Map<?, ?> map
                ? map.keySet().stream().map(String::valueOf).toList()
                : List.of();
    }

    // --- path accessors: object keys from here; no path is this value ---

    /** The value at PATH, if there is one and it is not null. */
    public Optional<Json> at(String... path) {
        Object found = find(path);
        return found == null ? Optional.empty() : Optional.of(new Json(found));
    }

    /** There is a value (not null) at PATH. */
    public boolean has(String... path) {
        return find(path) != null;
    }

    /**
     * The scalar at PATH as text: a string as it is, a number or boolean as written; "" where there is none, null,
     * or an object or array.
     */
    public String string(String... path) {
        return switch (find(path)) {
            case String s -> s;
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case null, default -> "";
        };
    }

    /** The integer at PATH, or FALLBACK where there is no number (a fraction is cut to its integer). */
    public long number(long fallback, String... path) {
        return find(path) instanceof Number n ? n.longValue() : fallback;
    }

    /** The value at PATH is true. */
    public boolean bool(String... path) {
        return Boolean.TRUE.equals(find(path));
    }

    /** The elements of the array at PATH, whatever they are; empty where there is no array. */
    public List<Json> elements(String... path) {
        return find(path) instanceof List<?> list ? list.stream().map(Json::new).toList() : List.of();
    }

    /** The objects of the array at PATH (other elements skipped); empty where there is no array. */
    public List<Json> objects(String... path) {
        return find(path) instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(Json::new).toList()
                : List.of();
    }

    /** The strings of the array at PATH (other elements skipped); empty where there is no array. */
    public List<String> strings(String... path) {
        return find(path) instanceof List<?> list
                ? list.stream()
                        .filter(String.class::isInstance)
                        .map(String.class::cast)
                        .toList()
                : List.of();
    }

    /** The string members of the object at PATH, sorted by key; empty where there is no object. */
    public Map<String, String> stringMap(String... path) {
        if (!(find(path) instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> result = new TreeMap<>();
        map.forEach((key, member) -> {
            if (member instanceof String s) {
                result.put(String.valueOf(key), s);
            }
        });
        return result;
    }

    private Object find(String... path) {
        Object current = value;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    // --- as text ---

    /** This value as compact JSON text, as jackson writes it (what a message shows of a value). */
    @Override
    public String toString() {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string", e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        switch (value) {
            case null -> generator.writeNull();
            case Map<?, ?> map -> {
                generator.writeStartObject();
                for (Map.Entry<?, ?> member : map.entrySet()) {
                    generator.writeFieldName(String.valueOf(member.getKey()));
                    write(generator, member.getValue());
                }
                generator.writeEndObject();
            }
            case List<?> list -> {
                generator.writeStartArray();
                for (Object element : list) {
                    write(generator, element);
                }
                generator.writeEndArray();
            }
            case String s -> generator.writeString(s);
            case Long l -> generator.writeNumber(l);
            case BigInteger b -> generator.writeNumber(b);
            case Double d -> generator.writeNumber(d);
            case Boolean b -> generator.writeBoolean(b);
            default -> throw new IllegalStateException("not a JSON value: " + value.getClass());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Json json && Objects.equals(value, json.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }
}

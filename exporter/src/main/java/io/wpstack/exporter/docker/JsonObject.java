package io.wpstack.exporter.docker;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only access by path into one parsed JSON object; absent or null fields read as defaults. */
record JsonObject(Map<String, Object> fields) {
    static final Object NULL = new Object();

    Optional<Object> at(String... path) {
        Object current = fields;
        for (String name : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            current = map.get(name);
            if (current == null || current == NULL) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    boolean has(String... path) {
        return at(path).isPresent();
    }

    String string(String... path) {
        return at(path).map(value -> value instanceof String s ? s : String.valueOf(value))
                .orElse("");
    }

    long number(long fallback, String... path) {
        return at(path).map(value -> value instanceof Number n ? n.longValue() : fallback)
                .orElse(fallback);
    }

    boolean bool(String... path) {
        return at(path).map(Boolean.TRUE::equals).orElse(false);
    }

    List<JsonObject> objects(String... path) {
        return at(path).map(value -> value instanceof List<?> list ? list : List.of()).orElse(List.of()).stream()
                .filter(Map.class::isInstance)
                .map(JsonObject::wrap)
                .toList();
    }

    List<String> strings(String... path) {
        return at(path).map(value -> value instanceof List<?> list ? list : List.of()).orElse(List.of()).stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .toList();
    }

    Map<String, String> stringMap(String... path) {
        Optional<Object> value = at(path);
        if (value.isEmpty() || !(value.get() instanceof Map<?, ?> map)) {
            return Map.of();
        }
        java.util.Map<String, String> result = new java.util.TreeMap<>();
        map.forEach((k, v) -> {
            if (v instanceof String s) {
                result.put(String.valueOf(k), s);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static JsonObject wrap(Object map) {
        return new JsonObject((Map<String, Object>) map);
    }
}

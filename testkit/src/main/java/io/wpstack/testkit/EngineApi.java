package io.wpstack.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal Engine API client for tests, independent of the exporter's own client: GET over plain HTTP
 * ({@code tcp://host:port}), JSON parsed into maps and lists, and typed views of nodes and tasks.
 */
public final class EngineApi implements AutoCloseable {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http;

    /** @param dockerHost {@code tcp://host:port}, as in {@code DOCKER_HOST} */
    public EngineApi(String dockerHost) {
        this.base = URI.create(dockerHost.replaceFirst("^tcp://", "http://"));
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    public record Node(String id, String hostname, String role, String state, String availability) {}

    public record Task(String id, String nodeId, String desiredState, String state) {}

    /** {@code GET /nodes}. */
    public List<Node> nodes() {
        return objects(get("/nodes")).stream()
                .map(node -> new Node(
                        text(node, "ID"),
                        text(node, "Description", "Hostname"),
                        text(node, "Spec", "Role"),
                        text(node, "Status", "State"),
                        text(node, "Spec", "Availability")))
                .toList();
    }

    /** {@code GET /tasks} of one service (by name or ID). */
    public List<Task> tasks(String service) {
        String filters = URLEncoder.encode("{\"service\":[\"" + service + "\"]}", StandardCharsets.UTF_8);
        return objects(get("/tasks?filters=" + filters)).stream()
                .map(task -> new Task(
                        text(task, "ID"),
                        text(task, "NodeID"),
                        text(task, "DesiredState"),
                        text(task, "Status", "State")))
                .toList();
    }

    /** GETs {@code pathAndQuery} and parses the JSON body into maps, lists, strings, numbers, booleans, null. */
    public Object get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ClusterException(
                        "GET " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new ClusterException("GET " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted during GET " + request.uri(), e);
        }
    }

    /** The string at {@code path} in nested JSON objects, or "" when absent. */
    public static String text(Object json, String... path) {
        Object value = json;
        for (String key : path) {
            value = value instanceof Map<?, ?> object ? object.get(key) : null;
        }
        return value == null ? "" : value.toString();
    }

    private static List<Object> objects(Object json) {
        if (!(json instanceof List<?> list)) {
            throw new ClusterException("expected a JSON array, got " + json);
        }
        return List.copyOf(list);
    }

    static Object parse(String body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            return read(parser);
        }
    }

    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String key = parser.currentName();
                    parser.nextToken();
                    object.put(key, read(parser));
                }
                yield Collections.unmodifiableMap(object);
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                yield Collections.unmodifiableList(array);
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected JSON token " + token);
        };
    }

    @Override
    public void close() {
        http.close();
    }
}

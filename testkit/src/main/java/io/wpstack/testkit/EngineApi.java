package io.wpstack.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A minimal Engine API client for tests, independent of the exporter's own client: GET over plain HTTP
 * ({@code tcp://host:port}), JSON read by {@link Json}, and typed views of nodes and tasks.
 */
public final class EngineApi implements AutoCloseable {
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
                        Json.text(node, "ID"),
                        Json.text(node, "Description", "Hostname"),
                        Json.text(node, "Spec", "Role"),
                        Json.text(node, "Status", "State"),
                        Json.text(node, "Spec", "Availability")))
                .toList();
    }

    /** {@code GET /tasks} of one service (by name or ID). */
    public List<Task> tasks(String service) {
        String filters = URLEncoder.encode("{\"service\":[\"" + service + "\"]}", StandardCharsets.UTF_8);
        return objects(get("/tasks?filters=" + filters)).stream()
                .map(task -> new Task(
                        Json.text(task, "ID"),
                        Json.text(task, "NodeID"),
                        Json.text(task, "DesiredState"),
                        Json.text(task, "Status", "State")))
                .toList();
    }

    /** GETs {@code pathAndQuery} and parses the JSON body with {@link Json#parse}. */
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
            return Json.parse(response.body());
        } catch (IOException | UncheckedIOException e) {
            throw new ClusterException("GET " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted during GET " + request.uri(), e);
        }
    }

    private static List<Map<?, ?>> objects(Object json) {
        if (!(json instanceof List<?>)) {
            throw new ClusterException("expected a JSON array, got " + Json.abbreviate(String.valueOf(json)));
        }
        return Json.objects(json);
    }

    @Override
    public void close() {
        http.close();
    }
}

package io.wpstack.cli.docker;

import io.wpstack.engine.DockerException;
import io.wpstack.engine.EngineApi;
import io.wpstack.engine.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine that answers each request path with a JSON text, and no other: an unexpected request (another
 * path, other filters) fails the test, naming it. Paths are compared URL-decoded, as the daemon reads them.
 */
public final class FakeEngineApi implements EngineApi {
    private final Map<String, String> answers = new LinkedHashMap<>();
    private final Map<String, DockerException> failures = new LinkedHashMap<>();
    private final List<String> requests = new ArrayList<>();

    /** The answers a capture (scripts/capture-engine-reads.sh) wrote to DIR: requests.tsv and api/*.json. */
    public static FakeEngineApi captured(Path dir) {
        FakeEngineApi api = new FakeEngineApi();
        try {
            for (String line : Files.readAllLines(dir.resolve("requests.tsv"))) {
                String[] fields = line.split("\t");
                api.answer(fields[0], Files.readString(dir.resolve("api").resolve(fields[1])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return api;
    }

    public FakeEngineApi answer(String path, String json) {
        answers.put(decoded(path), json);
        return this;
    }

    /** The object PATH names does not exist (HTTP 404). */
    public FakeEngineApi missing(String path) {
        return fail(path, new DockerException.NotFound(endpoint(), path, "no such object"));
    }

    public FakeEngineApi fail(String path, DockerException failure) {
        failures.put(decoded(path), failure);
        return this;
    }

    /** The requests made, in order, decoded. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public Json get(String path) throws DockerException {
        String request = decoded(path);
        requests.add(request);
        DockerException failure = failures.get(request);
        if (failure != null) {
            throw failure;
        }
        String answer = answers.get(request);
        if (answer == null) {
            throw new AssertionError("unexpected request GET " + request + "; the fake answers " + answers.keySet());
        }
        return Json.parse(answer);
    }

    @Override
    public String endpoint() {
        return "unix:///var/run/docker.sock";
    }

    /**
     * PATH URL-decoded, its filters in a canonical order (names, then each name's values, sorted): the daemon
     * reads {"a":["1"],"b":["2"]} and {"b":["2"],"a":["1"]} alike.
     */
    private static String decoded(String path) {
        String decoded = URLDecoder.decode(path, StandardCharsets.UTF_8);
        int at = decoded.indexOf("filters=");
        if (at < 0) {
            return decoded;
        }
        Json filters = Json.parse(decoded.substring(at + "filters=".length()));
        Map<String, List<String>> sorted = new java.util.TreeMap<>();
        filters.keys()
                .forEach(name ->
                        sorted.put(name, filters.strings(name).stream().sorted().toList()));
        StringBuilder canonical = new StringBuilder("{");
        sorted.forEach((name, values) -> canonical
                .append(canonical.length() > 1 ? "," : "")
                .append(Json.quote(name))
                .append(":")
                .append(values.stream().map(Json::quote).toList().toString().replace(", ", ",")));
        return decoded.substring(0, at) + "filters=" + canonical.append("}");
    }
}

package io.wpstack.exporter.sd;

import io.wpstack.engine.DockerException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET /sd?service=NAME&port=PORT[&network=NAME]}: Prometheus's {@code http_sd_configs} answer. Each request
 * makes its own Engine calls, at most once each: GET /services, then, when a service is asked, GET /nodes and
 * GET /tasks filtered to the asked services' running tasks, in parallel. Nothing is cached.
 */
public final class ServiceDiscovery {
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final SdApi api;
    private final Duration timeout;

    public ServiceDiscovery(SdApi api, Duration timeout) {
        this.api = api;
        this.timeout = timeout;
    }

    /** An HTTP answer: 200 with the targets, 400 naming a bad parameter, 503 naming the Engine's failure. */
    public record Answer(int status, String contentType, byte[] body) {}

    /** @param rawQuery the request's raw query, null when it has none */
    public Answer answer(String rawQuery) {
        SdQuery query;
        try {
            query = SdQuery.parse(rawQuery);
        } catch (SdQuery.BadParameter e) {
            return text(400, e.getMessage());
        }
        try {
            SdApi.Records records = api.discover(service -> Discovery.asked(query, service), timeout);
            return new Answer(
                    200,
                    JSON,
                    SdJson.write(Discovery.targets(query, records.services(), records.nodes(), records.tasks())));
        } catch (DockerException e) {
            return text(503, "cannot discover targets: " + e.getMessage());
        }
    }

    private static Answer text(int status, String message) {
        return new Answer(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}

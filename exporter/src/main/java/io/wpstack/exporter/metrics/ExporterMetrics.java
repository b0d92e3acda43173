package io.wpstack.exporter.metrics;

import static io.wpstack.exporter.metrics.Families.bool;

import io.wpstack.exporter.collect.Collection;
import io.wpstack.exporter.docker.ApiRequestCounter;
import java.util.List;

/** The exporter's own health: up, collection duration, API requests, build. */
final class ExporterMetrics {
    private ExporterMetrics() {}

    static List<Family> families(Collection collection, ApiRequestCounter requests, String version) {
        var up = new Families.Gauge(
                        "docker_swarm_up", "1 when the last collection from the Docker API succeeded, else 0.")
                .add(bool(collection instanceof Collection.Success));
        var duration = new Families.Gauge(
                        "docker_swarm_exporter_collect_duration_seconds",
                        "How long the last collection (three Engine API calls) took.")
                .add(collection.took().toNanos() / 1e9);
        var calls = new Families.Counter(
                "docker_swarm_exporter_api_requests", "Engine API requests by endpoint and result (success or error).");
        requests.snapshot()
                .forEach((key, count) -> calls.add(count, "endpoint", key.endpoint(), "result", key.result()));
        var build = new Families.Info("docker_swarm_exporter_build", "The exporter's version; value 1.")
                .add("version", version);
        return List.of(up.build(), duration.build(), calls.build(), build.build());
    }
}

package io.wpstack.exporter.metrics;

import io.wpstack.exporter.collect.Collection;
import io.wpstack.exporter.collect.StateCollector;
import io.wpstack.exporter.docker.ApiRequestCounter;
import io.wpstack.exporter.swarm.TaskFailures;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds fresh families on every scrape, so a deleted service or node simply vanishes from the
 * output. When the collection fails only the exporter's own metrics are served, with
 * docker_swarm_up 0: stale cluster figures would be worse than none.
 */
public final class SwarmCollector {
    private final StateCollector collector;
    private final ApiRequestCounter requests;
    private final TaskFailures failures = new TaskFailures();
    private final String version;
    private final boolean legacy;

    public SwarmCollector(StateCollector collector, ApiRequestCounter requests, String version, boolean legacy) {
        this.collector = collector;
        this.requests = requests;
        this.version = version;
        this.legacy = legacy;
    }

    /** Collects (or joins the collection in flight) and returns every family to serve. */
    public List<Family> scrape() {
        Collection collection = collector.collect();
        List<Family> families = new ArrayList<>(ExporterMetrics.families(collection, requests, version));
        if (collection instanceof Collection.Success success) {
            families.addAll(SwarmMetrics.families(success.state(), failures.observe(success.state()), legacy));
        }
        return families;
    }
}

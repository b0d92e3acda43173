package io.wpstack.exporter.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.wpstack.exporter.collect.Collection;
import io.wpstack.exporter.collect.StateCollector;
import io.wpstack.exporter.docker.ApiRequestCounter;
import io.wpstack.exporter.swarm.TaskFailures;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds fresh snapshots on every scrape, so a deleted service or node simply vanishes from the
 * output. When the collection fails only the exporter's own metrics are served, with
 * docker_swarm_up 0: stale cluster figures would be worse than none.
 */
public final class SwarmCollector implements MultiCollector {
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

    @Override
    public MetricSnapshots collect() {
        Collection collection = collector.collect();
        List<MetricSnapshot> snapshots = new ArrayList<>(ExporterMetrics.snapshots(collection, requests, version));
        if (collection instanceof Collection.Success success) {
            snapshots.addAll(SwarmMetrics.snapshots(success.state(), failures.observe(success.state()), legacy));
        }
        return new MetricSnapshots(snapshots);
    }
}

package io.wpstack.exporter.metrics;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.wpstack.exporter.swarm.ServiceStatus;
import io.wpstack.exporter.swarm.SwarmState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cluster's metric families from one collection: a pure function, no I/O. */
public final class SwarmMetrics {
    private SwarmMetrics() {}

    /**
     * @param failures failed or rejected tasks by service ID since start
     * @param legacy also emit the original exporter's live_NAME / desired_NAME series
     */
    public static List<MetricSnapshot> snapshots(SwarmState state, Map<String, Long> failures, boolean legacy) {
        List<ServiceStatus> statuses = state.serviceStatuses();
        List<MetricSnapshot> result = new ArrayList<>();
        result.addAll(ServiceMetrics.snapshots(statuses));
        result.addAll(TaskMetrics.snapshots(statuses, failures));
        result.addAll(NodeMetrics.snapshots(state.nodes()));
        if (legacy) {
            result.addAll(LegacyMetrics.snapshots(statuses));
        }
        return result;
    }
}

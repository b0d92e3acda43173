package io.wpstack.exporter.metrics;

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
    public static List<Family> families(SwarmState state, Map<String, Long> failures, boolean legacy) {
        List<ServiceStatus> statuses = state.serviceStatuses();
        List<Family> result = new ArrayList<>();
        result.addAll(ServiceMetrics.families(statuses));
        result.addAll(TaskMetrics.families(statuses, failures));
        result.addAll(NodeMetrics.families(state.nodes()));
        if (legacy) {
            result.addAll(LegacyMetrics.families(statuses));
        }
        return result;
    }
}

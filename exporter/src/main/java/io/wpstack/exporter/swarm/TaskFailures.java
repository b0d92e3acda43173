package io.wpstack.exporter.swarm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts failed and rejected tasks per service since the exporter started. Each failed task is
 * counted once, by ID. Memory stays bounded: only the IDs still in the Engine's answer are
 * remembered (Swarm keeps at most task-history-limit old tasks per slot and deletes the rest, and
 * a deleted task never comes back), plus one number per existing service.
 */
public final class TaskFailures {
    private Set<String> seen = new HashSet<>();
    private final Map<String, Long> countsByService = new HashMap<>();

    /** Folds in one collection and returns the counts by service ID. */
    public synchronized Map<String, Long> observe(SwarmState state) {
        Set<String> failedNow = new HashSet<>();
        for (Task task : state.tasks()) {
            if (task.state().isFailure()) {
                failedNow.add(task.id());
                if (!seen.contains(task.id())) {
                    countsByService.merge(task.serviceId(), 1L, Long::sum);
                }
            }
        }
        seen = failedNow;
        Set<String> services = new HashSet<>();
        state.services().forEach(service -> services.add(service.id()));
        countsByService.keySet().retainAll(services);
        return Map.copyOf(countsByService);
    }

    synchronized int remembered() {
        return seen.size();
    }
}

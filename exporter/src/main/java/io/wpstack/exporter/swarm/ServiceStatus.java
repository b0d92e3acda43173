package io.wpstack.exporter.swarm;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The corrected counts for one service, computed from the three API results alone.
 *
 * @param desired replicas (or job completions) that should exist
 * @param running live replicas: replicated slots (or global nodes) with a running task on a Ready
 *     node; for jobs the tasks running now
 * @param tasks the service's current tasks (not history)
 * @param history the service's tasks kept only as history (desired state shutdown or remove)
 */
public record ServiceStatus(Service service, long desired, long running, List<Task> tasks, List<Task> history) {

    public ServiceStatus {
        tasks = List.copyOf(tasks);
        history = List.copyOf(history);
    }

    public boolean converged() {
        return service.mode().isJob() || running == desired;
    }

    /** The newest task with an error message, current or history: why a service lags. */
    public Optional<Task> newestError() {
        return java.util.stream.Stream.concat(tasks.stream(), history.stream())
                .filter(task -> !task.error().isEmpty())
                .max(java.util.Comparator.comparing(Task::changedAt));
    }

    public static ServiceStatus of(
            Service service, List<Task> serviceTasks, List<Node> nodes, Map<String, Node> nodesById) {
        List<Task> current = serviceTasks.stream().filter(Task::isCurrent).toList();
        List<Task> history =
                serviceTasks.stream().filter(task -> !task.isCurrent()).toList();
        return new ServiceStatus(
                service,
                Replicas.desired(service, nodes),
                Replicas.running(service, current, nodesById),
                current,
                history);
    }
}

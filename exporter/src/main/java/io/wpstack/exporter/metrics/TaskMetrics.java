package io.wpstack.exporter.metrics;

import io.wpstack.exporter.swarm.Service;
import io.wpstack.exporter.swarm.ServiceStatus;
import io.wpstack.exporter.swarm.Task;
import io.wpstack.exporter.swarm.TaskState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Families about tasks: current tasks by state, failures since start. */
final class TaskMetrics {
    private TaskMetrics() {}

    /**
     * @param failures failed or rejected tasks by service ID, from {@link
     *     io.wpstack.exporter.swarm.TaskFailures}
     */
    static List<Family> families(List<ServiceStatus> statuses, Map<String, Long> failures) {
        var tasks = new Families.Gauge(
                "docker_swarm_service_tasks",
                "Current tasks (not history) by state; states with no task are omitted, except running.");
        var failed = new Families.Counter(
                "docker_swarm_service_task_failures", "Tasks seen failed or rejected since the exporter started.");
        for (ServiceStatus status : statuses) {
            Service service = status.service();
            String[] id = {"service", service.name(), "stack", service.stack()};
            Map<TaskState, Long> byState = new EnumMap<>(TaskState.class);
            byState.put(TaskState.RUNNING, 0L);
            for (Task task : status.tasks()) {
                byState.merge(task.state(), 1L, Long::sum);
            }
            byState.forEach((state, count) -> tasks.add(count, ServiceMetrics.with(id, "state", state.label())));
            failed.add(failures.getOrDefault(service.id(), 0L), id);
        }
        return List.of(tasks.build(), failed.build());
    }
}

package io.wpstack.exporter.metrics;

import static io.wpstack.exporter.metrics.Families.bool;

import io.wpstack.exporter.swarm.Service;
import io.wpstack.exporter.swarm.ServiceStatus;
import io.wpstack.exporter.swarm.UpdateState;
import java.util.List;

/** Families about services: identity, replicas (non-jobs), completions (jobs), update state. */
final class ServiceMetrics {
    private ServiceMetrics() {}

    static List<Family> families(List<ServiceStatus> statuses) {
        var info = new Families.Info(
                "docker_swarm_service",
                "Service metadata; value 1. mode: replicated, global, replicated_job, global_job.");
        var desired = new Families.Gauge(
                "docker_swarm_service_replicas_desired",
                "Replicas that should run: spec replicas, or for a global service the Ready, active nodes that satisfy its placement.");
        var running = new Families.Gauge(
                "docker_swarm_service_replicas_running",
                "Live replicas: slots (replicated) or nodes (global) with a running task on a Ready node.");
        var jobDesired = new Families.Gauge(
                "docker_swarm_service_job_completions_desired",
                "Job services: completions wanted (TotalCompletions, or eligible nodes for a global job).");
        var jobSucceeded = new Families.Gauge(
                "docker_swarm_service_job_completions_succeeded", "Job services: tasks that completed successfully.");
        var update = new Families.Gauge(
                "docker_swarm_service_update_state",
                "1 for the service's current update state, 0 for the others; all 0 when never updated.");
        for (ServiceStatus status : statuses) {
            Service service = status.service();
            String[] id = {"service", service.name(), "stack", service.stack()};
            info.add(
                    "service_id", service.id(),
                    "service", service.name(),
                    "stack", service.stack(),
                    "mode", service.mode().label(),
                    "image", service.image());
            if (service.mode().isJob()) {
                jobDesired.add(status.desired(), id);
                jobSucceeded.add(service.completedTasks(), id);
            } else {
                desired.add(status.desired(), id);
                running.add(status.running(), id);
            }
            for (UpdateState state : UpdateState.values()) {
                if (state != UpdateState.NONE) {
                    update.add(bool(service.updateState() == state), with(id, "state", state.label()));
                }
            }
        }
        return List.of(
                info.build(),
                desired.build(),
                running.build(),
                jobDesired.build(),
                jobSucceeded.build(),
                update.build());
    }

    static String[] with(String[] labels, String name, String value) {
        String[] result = java.util.Arrays.copyOf(labels, labels.length + 2);
        result[labels.length] = name;
        result[labels.length + 1] = value;
        return result;
    }
}

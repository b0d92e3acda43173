package io.wpstack.exporter.check;

import io.wpstack.exporter.swarm.Node;
import io.wpstack.exporter.swarm.ServiceStatus;
import io.wpstack.exporter.swarm.Task;
import io.wpstack.exporter.swarm.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A `docker service ls`-like table with the corrected counts, and why each lagging service lags. */
final class ServiceTable {
    private ServiceTable() {}

    /** Converged and not in the middle of an update or rollback. */
    static boolean settled(ServiceStatus status) {
        UpdateState update = status.service().updateState();
        return status.converged() && update != UpdateState.UPDATING && update != UpdateState.ROLLBACK_STARTED;
    }

    static String render(List<ServiceStatus> services, Map<String, Node> nodes, Instant now) {
        int nameWidth = Math.max(
                4,
                services.stream()
                        .mapToInt(s -> s.service().name().length())
                        .max()
                        .orElse(4));
        String format = "%-12s  %-" + nameWidth + "s  %-14s  %-9s  %-8s  %s%n";
        StringBuilder table = new StringBuilder();
        table.append(format.formatted("ID", "NAME", "MODE", "REPLICAS", "STATE", "IMAGE"));
        for (ServiceStatus status : services) {
            table.append(format.formatted(
                    shortId(status.service().id()),
                    status.service().name(),
                    status.service().mode().label(),
                    replicas(status),
                    state(status),
                    status.service().image()));
        }
        for (ServiceStatus status : services) {
            if (!settled(status)) {
                table.append(reason(status, nodes, now));
            }
        }
        return table.toString();
    }

    private static String replicas(ServiceStatus status) {
        if (status.service().mode().isJob()) {
            return status.service().completedTasks() + "/" + status.desired();
        }
        return status.running() + "/" + status.desired();
    }

    private static String state(ServiceStatus status) {
        UpdateState update = status.service().updateState();
        if (update != UpdateState.NONE && update != UpdateState.COMPLETED) {
            return update.label();
        }
        if (status.service().mode().isJob()) {
            return "job";
        }
        return status.converged() ? "ok" : "waiting";
    }

    private static String reason(ServiceStatus status, Map<String, Node> nodes, Instant now) {
        String name = status.service().name();
        Optional<Task> newest = status.newestError();
        if (newest.isEmpty()) {
            return "  " + name + ": " + status.running() + " of " + status.desired()
                    + " running, no task error reported\n";
        }
        Task task = newest.get();
        Node node = nodes.get(task.nodeId());
        String where = node == null ? "no node" : "node " + node.hostname();
        long age = Math.max(0, Duration.between(task.changedAt(), now).toSeconds());
        return "  " + name + ": task " + task.state().label() + " on " + where + " " + age + "s ago: " + task.error()
                + "\n";
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}

package io.wpstack.cli.docker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of docker service ps or docker stack ps, with the columns as the docker CLI prints them.
 *
 * @param name SERVICE.SLOT, or SERVICE.NODEID for a global service's task ({{.Name}})
 * @param node the node's name, hostname or ID; "" for a task not yet on a node ({{.Node}})
 * @param currentState "Running 5 minutes ago" ({{.CurrentState}})
 * @param error the error quoted, cut to 30 columns unless untruncated; "" for none ({{.Error}})
 */
public record TaskRow(String name, String node, String currentState, String error) {
    private static final int MAX_ERROR = 30;

    /** The longest Go time.Duration: what time.Since a zero time gives. */
    private static final Duration MAX_GO_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * The lines task.Print writes for TASKS: names from SERVICES (ID to name) and NODES (ID to node), sorted by
     * name in natural order and, within a slot, newest first; IDs stand for what they do not name.
     *
     * @param truncate errors cut to 30 columns (no --no-trunc)
     */
    static List<TaskRow> of(
            List<SwarmTask> tasks,
            Map<String, String> services,
            Map<String, SwarmNode> nodes,
            Instant now,
            boolean truncate) {
        return ordered(tasks, services).stream()
                .map(task -> new TaskRow(
                        name(task, services),
                        node(task.nodeId(), nodes),
                        currentState(task, now),
                        error(task.error(), truncate)))
                .toList();
    }

    /** TASKS in task.Print's order: by name in natural order, the newest of a slot first (stable). */
    static List<SwarmTask> ordered(List<SwarmTask> tasks, Map<String, String> services) {
        List<SwarmTask> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing((SwarmTask task) -> name(task, services), DockerFormat.NATURAL_ORDER)
                .thenComparing(SwarmTask::createdAt, Comparator.reverseOrder()));
        return List.copyOf(sorted);
    }

    /** SERVICE.SLOT, or SERVICE.NODEID for a global service's task; the service's ID where it has no name. */
    static String name(SwarmTask task, Map<String, String> services) {
        String service = services.getOrDefault(task.serviceId(), task.serviceId());
        return service + "." + (task.slot() != 0 ? Long.toString(task.slot()) : task.nodeId());
    }

    private static String node(String id, Map<String, SwarmNode> nodes) {
        SwarmNode node = nodes.get(id);
        return node == null ? id : node.shownName();
    }

    /** "Running 5 minutes ago": the state, and how long it has been in it. */
    static String currentState(SwarmTask task, Instant now) {
        Duration since = Duration.between(task.timestamp(), now);
        if (since.compareTo(MAX_GO_DURATION) > 0) {
            since = MAX_GO_DURATION;
        }
        return DockerFormat.prettyPrint(task.state()) + " "
                + DockerFormat.humanDuration(since).toLowerCase(Locale.ROOT) + " ago";
    }

    static String error(String error, boolean truncate) {
        String shown = truncate ? DockerFormat.ellipsis(error, MAX_ERROR) : error;
        return shown.isEmpty() ? "" : "\"" + shown + "\"";
    }
}

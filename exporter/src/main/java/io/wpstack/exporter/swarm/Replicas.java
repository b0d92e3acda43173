package io.wpstack.exporter.swarm;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Desired and live replica counts, corrected for global services and lost nodes. */
public final class Replicas {
    private Replicas() {}

    public static long desired(Service service, List<Node> nodes) {
        return switch (service.mode()) {
            case ServiceMode.Replicated replicated -> replicated.replicas();
            case ServiceMode.ReplicatedJob job -> job.totalCompletions();
            case ServiceMode.Global global -> eligibleNodes(service, nodes);
            case ServiceMode.GlobalJob job -> eligibleNodes(service, nodes);
        };
    }

    /**
     * Replicated: distinct slots with a running task on a Ready node, so a slot mid-update (old
     * and new task both running) counts once. Global: distinct Ready nodes with a running task.
     * Tasks on a Down, Unknown or Disconnected node never count: the Engine keeps reporting them as
     * running until the node comes back.
     */
    public static long running(Service service, List<Task> currentTasks, Map<String, Node> nodesById) {
        Set<Object> live = new HashSet<>();
        for (Task task : currentTasks) {
            if (task.state() != TaskState.RUNNING || !onReadyNode(task, nodesById)) {
                continue;
            }
            switch (service.mode()) {
                case ServiceMode.Replicated r -> live.add(task.slot());
                case ServiceMode.Global g -> live.add(task.nodeId());
                case ServiceMode.ReplicatedJob j -> live.add(task.id());
                case ServiceMode.GlobalJob j -> live.add(task.id());
            }
        }
        return live.size();
    }

    private static long eligibleNodes(Service service, List<Node> nodes) {
        return nodes.stream().filter(node -> Placement.eligible(service, node)).count();
    }

    private static boolean onReadyNode(Task task, Map<String, Node> nodesById) {
        Node node = nodesById.get(task.nodeId());
        return node != null && node.isReady();
    }
}

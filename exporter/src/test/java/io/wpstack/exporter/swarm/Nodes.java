package io.wpstack.exporter.swarm;

import java.util.Map;

/** Node and task records for the rule tables, shaped like what the Engine returns. */
final class Nodes {
    private Nodes() {}

    static Node node(String id, NodeState state, String availability, String role, Map<String, String> labels) {
        return new Node(
                id,
                "host-" + id,
                role,
                availability,
                state,
                "10.0.0." + Math.abs(id.hashCode() % 200),
                "20.10.24",
                new Platform("linux", "x86_64"),
                labels,
                Map.of("storage", "ssd"),
                false);
    }

    static Node ready(String id) {
        return node(id, NodeState.READY, "active", "worker", Map.of());
    }

    static Task task(String id, String serviceId, String nodeId, long slot, String desired, TaskState state) {
        return new Task(id, serviceId, nodeId, slot, desired, state, "", "");
    }
}

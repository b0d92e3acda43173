package io.wpstack.exporter.metrics;

import static io.wpstack.exporter.metrics.Families.bool;

import io.wpstack.exporter.swarm.Node;
import io.wpstack.exporter.swarm.NodeState;
import java.util.List;

/** Families about nodes: identity, state, leadership. */
final class NodeMetrics {
    private NodeMetrics() {}

    static List<Family> families(List<Node> nodes) {
        var info =
                new Families.Info("docker_swarm_node", "Node metadata; value 1. availability: active, pause or drain.");
        var state = new Families.Gauge(
                "docker_swarm_node_state",
                "1 for the node's state (ready, down, unknown, disconnected), 0 for the others.");
        var leader =
                new Families.Gauge("docker_swarm_node_leader", "1 for the manager that leads the Raft quorum, else 0.");
        for (Node node : nodes) {
            String[] id = {"node_id", node.id(), "hostname", node.hostname()};
            info.add(
                    "node_id", node.id(),
                    "hostname", node.hostname(),
                    "role", node.role(),
                    "availability", node.availability(),
                    "engine_version", node.engineVersion(),
                    "address", node.address());
            for (NodeState candidate : NodeState.values()) {
                state.add(bool(node.state() == candidate), ServiceMetrics.with(id, "state", candidate.label()));
            }
            leader.add(bool(node.leader()), id);
        }
        return List.of(info.build(), state.build(), leader.build());
    }
}

package io.wpstack.exporter.swarm;

import java.util.Map;

/**
 * One Swarm node.
 *
 * @param role the role from the node's spec: "manager" or "worker"
 * @param availability "active", "pause" or "drain"
 * @param address Status.Addr, the address the managers see
 */
public record Node(
        String id,
        String hostname,
        String role,
        String availability,
        NodeState state,
        String address,
        String engineVersion,
        Platform platform,
        Map<String, String> labels,
        Map<String, String> engineLabels,
        boolean leader) {

    public Node {
        labels = Map.copyOf(labels);
        engineLabels = Map.copyOf(engineLabels);
    }

    public boolean isReady() {
        return state == NodeState.READY;
    }

    public boolean isActive() {
        return "active".equals(availability);
    }
}

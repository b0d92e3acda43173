package io.wpstack.cli.docker;

import io.wpstack.engine.Json;
import java.util.List;

/**
 * A swarm node as GET /nodes describes it.
 *
 * @param name Spec.Name, "" for most nodes
 * @param manager "leader", the manager's reachability (reachable, unreachable), or "-" for a worker
 * @param labels Spec.Labels as KEY=VALUE, sorted by key (as a Go template ranges over a map)
 */
public record SwarmNode(
        String id,
        String hostname,
        String name,
        String role,
        String state,
        String availability,
        String manager,
        String address,
        String engineVersion,
        List<String> labels) {
    public SwarmNode {
        labels = List.copyOf(labels);
    }

    static SwarmNode from(Json node) {
        String manager = !node.has("ManagerStatus")
                ? "-"
                : node.bool("ManagerStatus", "Leader") ? "leader" : node.string("ManagerStatus", "Reachability");
        return new SwarmNode(
                node.string("ID"),
                node.string("Description", "Hostname"),
                node.string("Spec", "Name"),
                node.string("Spec", "Role"),
                node.string("Status", "State"),
                node.string("Spec", "Availability"),
                manager,
                node.string("Status", "Addr"),
                node.string("Description", "Engine", "EngineVersion"),
                node.stringMap("Spec", "Labels").entrySet().stream()
                        .map(label -> label.getKey() + "=" + label.getValue())
                        .toList());
    }

    /** How docker service ps names the node a task is on: Spec.Name, else the hostname, else the ID. */
    public String shownName() {
        return !name.isEmpty() ? name : !hostname.isEmpty() ? hostname : id;
    }

    /** The line of `./wpstack node ls`. */
    public DockerReads.NodeRow row() {
        return new DockerReads.NodeRow(
                id, hostname, role, state, availability, manager, address, engineVersion, labels);
    }
}

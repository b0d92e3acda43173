package io.wpstack.exporter.swarm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the three Engine API calls of one collection returned. */
public record SwarmState(List<Service> services, List<Node> nodes, List<Task> tasks) {
    public SwarmState {
        services = List.copyOf(services);
        nodes = List.copyOf(nodes);
        tasks = List.copyOf(tasks);
    }

    public Map<String, Node> nodesById() {
        return nodes.stream().collect(Collectors.toMap(Node::id, Function.identity(), (a, b) -> a));
    }

    /** The corrected counts of every service, in the API's order. */
    public List<ServiceStatus> serviceStatuses() {
        Map<String, List<Task>> tasksByService = new HashMap<>();
        for (Task task : tasks) {
            tasksByService
                    .computeIfAbsent(task.serviceId(), id -> new ArrayList<>())
                    .add(task);
        }
        Map<String, Node> nodesById = nodesById();
        return services.stream()
                .map(service -> ServiceStatus.of(
                        service, tasksByService.getOrDefault(service.id(), List.of()), nodes, nodesById))
                .toList();
    }
}

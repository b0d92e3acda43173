package io.wpstack.exporter.swarm;

import static io.wpstack.exporter.swarm.Nodes.node;
import static io.wpstack.exporter.swarm.Nodes.ready;
import static io.wpstack.exporter.swarm.Nodes.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicasTest {
    private static Service service(ServiceMode mode, List<String> constraints) {
        return new Service("svc", "web", "shop", mode, "img", constraints, List.of(), UpdateState.NONE, 0);
    }

    private static final Service REPLICATED = service(new ServiceMode.Replicated(3), List.of());
    private static final Service GLOBAL = service(new ServiceMode.Global(), List.of());

    @Test
    void aSlotMidUpdateCountsOnce() {
        List<Node> nodes = List.of(ready("a"), ready("b"));
        List<Task> tasks = List.of(
                task("old", "svc", "a", 1, "running", TaskState.RUNNING),
                task("new", "svc", "b", 1, "running", TaskState.RUNNING),
                task("t2", "svc", "b", 2, "running", TaskState.RUNNING));
        assertEquals(2, Replicas.running(REPLICATED, tasks, byId(nodes)));
    }

    @Test
    void tasksOnADownNodeNeverCount() {
        List<Node> nodes = List.of(ready("a"), node("b", NodeState.DOWN, "active", "worker", Map.of()));
        List<Task> tasks = List.of(
                task("t1", "svc", "a", 1, "running", TaskState.RUNNING),
                task("t2", "svc", "b", 2, "running", TaskState.RUNNING),
                task("t3", "svc", "b", 3, "running", TaskState.RUNNING));
        assertEquals(1, Replicas.running(REPLICATED, tasks, byId(nodes)));
    }

    @Test
    void tasksNotYetRunningDoNotCount() {
        List<Node> nodes = List.of(ready("a"));
        List<Task> tasks = List.of(
                task("t1", "svc", "a", 1, "running", TaskState.STARTING),
                task("t2", "svc", "", 2, "running", TaskState.PENDING));
        assertEquals(0, Replicas.running(REPLICATED, tasks, byId(nodes)));
    }

    @Test
    void desiredCountsOnlyReadyActiveNodesForGlobalServices() {
        List<Node> nodes = List.of(
                ready("a"),
                node("b", NodeState.DOWN, "active", "worker", Map.of()),
                node("c", NodeState.READY, "drain", "worker", Map.of()),
                node("d", NodeState.READY, "pause", "worker", Map.of()),
                node("e", NodeState.READY, "active", "manager", Map.of()));
        assertEquals(2, Replicas.desired(GLOBAL, nodes));
    }

    @Test
    void desiredForGlobalServicesHonoursConstraints() {
        List<Node> nodes = List.of(
                node("a", NodeState.READY, "active", "worker", Map.of("zone", "eu")),
                node("b", NodeState.READY, "active", "worker", Map.of("zone", "us")),
                node("c", NodeState.READY, "active", "manager", Map.of("zone", "eu")));
        Service euWorkers = service(new ServiceMode.Global(), List.of("node.labels.zone==eu", "node.role!=manager"));
        assertEquals(1, Replicas.desired(euWorkers, nodes));
    }

    @Test
    void globalRunningCountsNodesNotTasks() {
        List<Node> nodes = List.of(ready("a"), ready("b"));
        List<Task> tasks = List.of(
                task("t1", "svc", "a", 0, "running", TaskState.RUNNING),
                task("t2", "svc", "a", 0, "running", TaskState.RUNNING),
                task("t3", "svc", "b", 0, "running", TaskState.RUNNING));
        assertEquals(2, Replicas.running(GLOBAL, tasks, byId(nodes)));
    }

    @Test
    void replicatedJobsWantTheirTotalCompletions() {
        assertEquals(5, Replicas.desired(service(new ServiceMode.ReplicatedJob(2, 5), List.of()), List.of()));
    }

    private static Map<String, Node> byId(List<Node> nodes) {
        return new SwarmState(List.of(), nodes, List.of()).nodesById();
    }
}

package io.wpstack.exporter.swarm;

import static io.wpstack.exporter.swarm.Nodes.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskFailuresTest {
    private static final Service WEB = new Service(
            "web", "web", "", new ServiceMode.Replicated(1), "img", List.of(), List.of(), UpdateState.NONE, 0);

    private static SwarmState state(Task... tasks) {
        return new SwarmState(List.of(WEB), List.of(), List.of(tasks));
    }

    @Test
    void countsEachFailedTaskOnceAcrossCollections() {
        TaskFailures failures = new TaskFailures();
        Task first = task("f1", "web", "n", 1, "shutdown", TaskState.FAILED);
        Task second = task("f2", "web", "n", 1, "shutdown", TaskState.REJECTED);
        assertEquals(Map.of("web", 1L), failures.observe(state(first)));
        assertEquals(Map.of("web", 1L), failures.observe(state(first)));
        assertEquals(Map.of("web", 2L), failures.observe(state(first, second)));
    }

    @Test
    void forgetsTasksTheEngineDeletedButKeepsTheCount() {
        TaskFailures failures = new TaskFailures();
        failures.observe(state(task("f1", "web", "n", 1, "shutdown", TaskState.FAILED)));
        assertEquals(
                Map.of("web", 2L), failures.observe(state(task("f2", "web", "n", 1, "shutdown", TaskState.FAILED))));
        assertEquals(1, failures.remembered());
        assertEquals(Map.of("web", 2L), failures.observe(state()));
        assertEquals(0, failures.remembered());
    }

    @Test
    void dropsCountsOfRemovedServices() {
        TaskFailures failures = new TaskFailures();
        failures.observe(state(task("f1", "web", "n", 1, "shutdown", TaskState.FAILED)));
        assertEquals(Map.of(), failures.observe(new SwarmState(List.of(), List.of(), List.of())));
    }
}

package io.wpstack.exporter.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskStateTest {
    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource({
        "new,NEW,false",
        "pending,PENDING,false",
        "assigned,ASSIGNED,false",
        "preparing,PREPARING,false",
        "starting,STARTING,false",
        "running,RUNNING,false",
        "complete,COMPLETE,false",
        "shutdown,SHUTDOWN,false",
        "failed,FAILED,true",
        "rejected,REJECTED,true",
        "orphaned,ORPHANED,false",
        "remove,REMOVE,false",
        "RUNNING,RUNNING,false",
        "paused-by-a-future-engine,UNKNOWN,false",
        "'',UNKNOWN,false",
    })
    void mapsEngineStates(String api, TaskState expected, boolean failure) {
        TaskState state = TaskState.fromApi(api);
        assertEquals(expected, state);
        assertEquals(failure, state.isFailure());
    }

    @ParameterizedTest(name = "desired {0}")
    @CsvSource({"running,true", "ready,true", "complete,true", "shutdown,false", "remove,false"})
    void historyIsWhatTheOrchestratorNoLongerWants(String desired, boolean current) {
        assertEquals(
                current,
                Nodes.task("t", "s", "n", 1, desired, TaskState.RUNNING).isCurrent());
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource({"ready,READY", "down,DOWN", "disconnected,DISCONNECTED", "unknown,UNKNOWN", "weird,UNKNOWN"})
    void mapsNodeStates(String api, NodeState expected) {
        assertEquals(expected, NodeState.fromApi(api));
    }
}

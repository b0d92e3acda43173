package io.wpstack.exporter.swarm;

import java.util.Locale;

/** Swarm task states as the Engine API spells them (api/types/swarm/task.go). */
public enum TaskState {
    NEW,
    ALLOCATED,
    PENDING,
    ASSIGNED,
    ACCEPTED,
    PREPARING,
    READY,
    STARTING,
    RUNNING,
    COMPLETE,
    SHUTDOWN,
    FAILED,
    REJECTED,
    REMOVE,
    ORPHANED,
    /** A state this exporter does not know yet (a newer Engine); never counted as running. */
    UNKNOWN;

    private final String label = name().toLowerCase(Locale.ROOT);

    public static TaskState fromApi(String value) {
        if (value == null || value.isEmpty()) {
            return UNKNOWN;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    public String label() {
        return label;
    }

    /** A failure the orchestrator reacted to: counted by docker_swarm_service_task_failures_total. */
    public boolean isFailure() {
        return this == FAILED || this == REJECTED;
    }
}

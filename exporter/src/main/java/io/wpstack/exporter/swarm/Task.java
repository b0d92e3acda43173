package io.wpstack.exporter.swarm;

import java.time.Instant;

/**
 * One Swarm task.
 *
 * @param nodeId "" while the task is not assigned to a node
 * @param slot the replica slot (replicated services), 0 otherwise
 * @param desiredState what the orchestrator wants: running, ready, complete, shutdown, remove
 * @param error Status.Err, "" when none
 * @param timestamp Status.Timestamp, when the task last changed state
 */
public record Task(
        String id,
        String serviceId,
        String nodeId,
        long slot,
        String desiredState,
        TaskState state,
        String error,
        Instant timestamp) {

    /**
     * A task the orchestrator still wants (not one kept only as history). Job tasks run with
     * desired state "complete", restarting tasks wait with "ready".
     */
    public boolean isCurrent() {
        return !"shutdown".equals(desiredState) && !"remove".equals(desiredState);
    }

    public boolean isRunningAsDesired() {
        return state == TaskState.RUNNING && "running".equals(desiredState);
    }
}

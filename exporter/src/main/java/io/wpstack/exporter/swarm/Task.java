package io.wpstack.exporter.swarm;

import java.time.Instant;

/**
 * One Swarm task.
 *
 * @param nodeId "" while the task is not assigned to a node
 * @param slot the replica slot (replicated services), 0 otherwise
 * @param desiredState what the orchestrator wants: running, ready, complete, shutdown, remove
 * @param error Status.Err, "" when none
 * @param timestamp Status.Timestamp as the Engine wrote it (when the task last changed state), kept
 *     unparsed: only {@code check} reads it, through {@link #changedAt()}, and only for tasks with an
 *     error, so the reader keeps it for those alone ("" for the others)
 */
public record Task(
        String id,
        String serviceId,
        String nodeId,
        long slot,
        String desiredState,
        TaskState state,
        String error,
        String timestamp) {

    /**
     * A task the orchestrator still wants (not one kept only as history). Job tasks run with
     * desired state "complete", restarting tasks wait with "ready".
     */
    public boolean isCurrent() {
        return !"shutdown".equals(desiredState) && !"remove".equals(desiredState);
    }

    /** When the task last changed state; the epoch when the timestamp is missing or unreadable. */
    public Instant changedAt() {
        return Timestamps.parse(timestamp);
    }
}

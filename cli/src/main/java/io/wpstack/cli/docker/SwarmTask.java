package io.wpstack.cli.docker;

import io.wpstack.engine.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A task as GET /tasks describes it.
 *
 * @param slot 0 for a global service's task (named after its node instead)
 * @param timestamp Status.Timestamp, when the task reached its state ({@link #ZERO_TIME} where none is given)
 * @param createdAt when the task was created (docker service ps lists the newest of a slot first)
 * @param spec its container spec's image, secrets and configs, as {@link SwarmService#specOf} writes them ("" for
 *     none)
 */
public record SwarmTask(
        String id,
        String serviceId,
        String nodeId,
        long slot,
        String desiredState,
        String state,
        String error,
        Instant timestamp,
        Instant createdAt,
        String spec) {

    static SwarmTask from(Json task) {
        return new SwarmTask(
                task.string("ID"),
                task.string("ServiceID"),
                task.string("NodeID"),
                task.number(0, "Slot"),
                task.string("DesiredState"),
                task.string("Status", "State"),
                task.string("Status", "Err"),
                instant(task.string("Status", "Timestamp")),
                instant(task.string("CreatedAt")),
                task.at("Spec", "ContainerSpec").map(SwarmService::specOf).orElse(""));
    }

    /** Go's zero time.Time, what a missing or unreadable time decodes to. */
    static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /** An RFC 3339 time as the engine writes it (2026-12-02T05:14:55.896451925Z); the zero time for any other. */
    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return ZERO_TIME;
        }
    }
}

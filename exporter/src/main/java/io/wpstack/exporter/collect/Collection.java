package io.wpstack.exporter.collect;

import io.wpstack.engine.DockerException;
import io.wpstack.exporter.swarm.SwarmState;
import java.time.Duration;
import java.time.Instant;

/** The outcome of one collection: the three API calls, or why they failed. */
public sealed interface Collection {
    Instant finishedAt();

    Duration took();

    record Success(SwarmState state, Instant finishedAt, Duration took) implements Collection {}

    record Failure(DockerException error, Instant finishedAt, Duration took) implements Collection {}
}

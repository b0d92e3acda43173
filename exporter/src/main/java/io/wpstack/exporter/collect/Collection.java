package io.wpstack.exporter.collect;

import io.wpstack.engine.DockerException;
import io.wpstack.exporter.swarm.SwarmState;
import java.time.Duration;

/** The outcome of one collection: the three API calls, or why they failed. */
public sealed interface Collection {
    Duration took();

    record Success(SwarmState state, Duration took) implements Collection {}

    record Failure(DockerException error, Duration took) implements Collection {}
}

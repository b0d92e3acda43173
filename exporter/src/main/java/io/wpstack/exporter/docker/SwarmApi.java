package io.wpstack.exporter.docker;

import io.wpstack.engine.DockerException;
import io.wpstack.exporter.swarm.SwarmState;
import java.time.Duration;

/** The Engine API calls of one collection: services, nodes, tasks. */
public interface SwarmApi {
    SwarmState fetch(Duration timeout) throws DockerException;

    /** Where the daemon is, for log lines and errors. */
    String endpoint();
}

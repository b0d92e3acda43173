package io.wpstack.exporter.node;

import io.wpstack.engine.DockerException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the node mode asks the Engine (an interface, so the collector's tests need no daemon). */
public interface NodeApi {
    /** How a container ended: killed by the OOM killer or not, and when. */
    record Exit(boolean oomKilled, Instant finishedAt) {}

    String endpoint();

    /** Every Swarm task container on this node, running or not ({@code GET /containers/json?all=1}). */
    List<TaskContainer> containers(Duration timeout) throws DockerException;

    /** The node's host name ({@code GET /info}, Name). */
    String hostName(Duration timeout) throws DockerException;

    /** How container ID ended ({@code GET /containers/ID/json}). */
    Exit exit(String containerId, Duration timeout) throws DockerException;
}

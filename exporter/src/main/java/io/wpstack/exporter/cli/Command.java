package io.wpstack.exporter.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** What the command line asked for. */
public sealed interface Command {
    /** Serve /metrics. @param listen empty host = every interface */
    record Serve(InetSocketAddress listen, Duration minRefreshInterval, Duration collectTimeout, boolean legacyMetrics)
            implements Command {}

    /** Wait until every non-job service (of one stack, or all) has running == desired. */
    record Check(String stack, Duration timeout, Duration interval, Duration collectTimeout) implements Command {}

    /**
     * Serve the cgroup and /proc metrics of this node's Swarm task containers (docker-exporter node).
     *
     * @param cgroupRoot the host's cgroup fs (/sys/fs/cgroup, mounted in the container)
     * @param procRoot the host's /proc (its pids), mounted in the container
     */
    record Node(InetSocketAddress listen, Path cgroupRoot, Path procRoot, Duration apiTimeout) implements Command {}

    record Help() implements Command {}

    record Version() implements Command {}
}

package io.wpstack.exporter.cli;

import java.net.InetSocketAddress;
import java.time.Duration;

/** What the command line asked for. */
public sealed interface Command {
    /** Serve /metrics. @param listen empty host = every interface */
    record Serve(InetSocketAddress listen, Duration minRefreshInterval, Duration collectTimeout, boolean legacyMetrics)
            implements Command {}

    /** Wait until every non-job service (of one stack, or all) has running == desired. */
    record Check(String stack, Duration timeout, Duration interval, Duration collectTimeout) implements Command {}

    record Help() implements Command {}

    record Version() implements Command {}
}

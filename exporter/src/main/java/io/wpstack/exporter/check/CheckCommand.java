package io.wpstack.exporter.check;

import io.wpstack.engine.DockerException;
import io.wpstack.exporter.cli.Command;
import io.wpstack.exporter.cli.Durations;
import io.wpstack.exporter.docker.SwarmApi;
import io.wpstack.exporter.swarm.ServiceStatus;
import io.wpstack.exporter.swarm.SwarmState;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Waits until every non-job service (of one stack, or all) runs its desired replicas and no update
 * is in progress, printing a table each time it changes. Exit 0 when converged, 1 on timeout. A
 * stack with no services yet is waited for (it is being deployed); a swarm without any service has
 * nothing to wait for.
 */
public final class CheckCommand {
    private final SwarmApi api;
    private final Command.Check options;
    private final PrintStream out;
    private final Clock clock;

    public CheckCommand(SwarmApi api, Command.Check options, PrintStream out, Clock clock) {
        this.api = api;
        this.options = options;
        this.out = out;
        this.clock = clock;
    }

    public int run() throws InterruptedException {
        Instant deadline = clock.instant().plus(options.timeout());
        String lastPrinted = "";
        boolean wholeSwarm = options.stack().isEmpty();
        String scope = wholeSwarm ? "every service" : "stack " + options.stack();
        while (true) {
            String report;
            boolean converged = false;
            try {
                SwarmState state = api.fetch(options.collectTimeout());
                List<ServiceStatus> services = inScope(state);
                if (services.isEmpty()) {
                    report =
                            wholeSwarm ? "no services in this swarm\n" : "waiting for " + scope + ": no services yet\n";
                } else {
                    report = ServiceTable.render(services, state.nodesById(), clock.instant());
                }
                converged = services.isEmpty() ? wholeSwarm : services.stream().allMatch(ServiceTable::settled);
            } catch (DockerException e) {
                report = "waiting for the Docker API: " + e.getMessage() + "\n";
            }
            if (!report.equals(lastPrinted)) {
                out.print(report);
                out.flush();
                lastPrinted = report;
            }
            if (converged) {
                out.println(scope + ": converged");
                return 0;
            }
            if (!clock.instant().isBefore(deadline)) {
                out.println(scope + ": not converged after " + Durations.format(options.timeout()));
                return 1;
            }
            Thread.sleep(options.interval().toMillis());
        }
    }

    private List<ServiceStatus> inScope(SwarmState state) {
        return state.serviceStatuses().stream()
                .filter(status -> options.stack().isEmpty()
                        || options.stack().equals(status.service().stack()))
                .toList();
    }
}

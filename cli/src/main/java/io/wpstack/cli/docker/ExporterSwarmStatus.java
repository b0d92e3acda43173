package io.wpstack.cli.docker;

import io.wpstack.cli.WpstackException;
import io.wpstack.engine.DockerException;
import io.wpstack.engine.DockerHost;
import io.wpstack.exporter.check.CheckCommand;
import io.wpstack.exporter.cli.Command;
import io.wpstack.exporter.docker.ApiRequestCounter;
import io.wpstack.exporter.docker.DockerClient;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link SwarmStatus} through the exporter's Engine API client and its check mode, in this process:
 * the table `status` prints and `up` waits on is the one the exporter's metrics come from.
 */
public final class ExporterSwarmStatus implements SwarmStatus {
    private final Map<String, String> environment;
    private final DockerCliReads cli;

    public ExporterSwarmStatus(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.cli = new DockerCliReads(environment);
    }

    @Override
    public boolean awaitConverged(String stack, Duration timeout, Duration interval, PrintStream progress) {
        try {
            var client = new DockerClient(
                    DockerHost.fromEnvironment(environment), DockerClient.API_VERSION, new ApiRequestCounter());
            var check = new CheckCommand(
                    client,
                    new Command.Check(stack, timeout, interval, Duration.ofSeconds(10)),
                    progress,
                    Clock.systemUTC());
            return check.run() == 0;
        } catch (DockerException e) {
            throw new WpstackException("cannot read the swarm's state: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WpstackException("interrupted while reading the swarm's state");
        }
    }

    @Override
    public List<String> taskErrors(String stack) {
        var result = cli.docker("stack", "ps", "--format", "{{.Name}}\t{{.CurrentState}}\t{{.Error}}", stack);
        if (result.code() != 0) {
            throw new WpstackException(
                    "docker stack ps " + stack + " failed: " + result.err().strip());
        }
        // The newest task of each slot comes first; show its error, if any.
        Set<String> seen = new LinkedHashSet<>();
        return result.out()
                .lines()
                .map(line -> line.split("\t", -1))
                .filter(f -> f.length == 3 && seen.add(f[0]) && !f[2].isEmpty())
                .map(f -> "task error: " + f[0] + " (" + f[1] + "): " + f[2])
                .toList();
    }
}

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
 * {@link SwarmStatus} through the exporter's check mode (on the engine client), in this process:
 * the table `status` prints and `up` waits on is the one the exporter's metrics come from; task errors
 * as docker stack ps showed them, through {@link EngineReads}.
 */
public final class ExporterSwarmStatus implements SwarmStatus {
    private final Map<String, String> environment;
    private final EngineReads engine;

    public ExporterSwarmStatus(Map<String, String> environment) {
        this(environment, EngineReads.of(environment));
    }

    public ExporterSwarmStatus(Map<String, String> environment, EngineReads engine) {
        this.environment = Map.copyOf(environment);
        this.engine = engine;
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
    public List<String> recentTaskErrors(String stack) {
        Set<String> seen = new LinkedHashSet<>();
        return engine.strict().stackTasks(stack, true).stream()
                .filter(task -> !task.error().isEmpty() && seen.add(task.name()))
                .map(task -> "task error: " + task.name() + " (" + task.currentState() + "): " + task.error())
                .toList();
    }

    /** docker stack ps STACK's lines, newest of each slot first: the first line of each slot with an error. */
    @Override
    public List<String> taskErrors(String stack) {
        Set<String> seen = new LinkedHashSet<>();
        return engine.strict().stackTasks(stack, true).stream()
                .filter(task -> seen.add(task.name()) && !task.error().isEmpty())
                .map(task -> "task error: " + task.name() + " (" + task.currentState() + "): " + task.error())
                .toList();
    }
}

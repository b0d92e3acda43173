package io.wpstack.cli;

import io.wpstack.cli.deploy.WordPressInstaller;
import io.wpstack.cli.docker.DockerCli;
import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.docker.EngineContainers;
import io.wpstack.cli.docker.EngineDockerReads;
import io.wpstack.cli.docker.EngineReads;
import io.wpstack.cli.docker.ExporterSwarmStatus;
import io.wpstack.cli.docker.SwarmStatus;
import io.wpstack.cli.plan.Executor;
import io.wpstack.cli.plan.ProcessExecutor;

/**
 * The things a command needs, wired once: where it runs ({@link Context}), how it reads the engine's
 * state ({@link DockerReads}, {@link SwarmStatus}) and what carries out its plan ({@link Executor}).
 * Unit tests pass fakes.
 */
public record App(Context context, DockerReads docker, SwarmStatus swarm, Executor executor) {

    /** An app whose swarm status is read from the engine {@code context} names (it connects only when asked). */
    public App(Context context, DockerReads docker, Executor executor) {
        this(context, docker, new ExporterSwarmStatus(context.environment()), executor);
    }

    public static App real(Context context) {
        var engine = EngineReads.of(context.environment());
        var cli = new DockerCli(context.environment());
        var docker = new EngineDockerReads(engine, cli);
        var swarm = new ExporterSwarmStatus(context.environment(), engine);
        var executor = new ProcessExecutor(
                context.out(),
                context.err(),
                java.util.Map.of(),
                docker,
                swarm,
                new WordPressInstaller(new EngineContainers(engine, cli), context.err(), Thread::sleep));
        return new App(context, docker, swarm, executor);
    }
}

package io.wpstack.cli.docker;

import io.wpstack.cli.deploy.WordPressInstaller;
import io.wpstack.engine.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The WordPress installer's view of the engine: its API for the containers, docker exec -i to run in one. */
public final class EngineContainers implements WordPressInstaller.Containers {
    private final EngineReads engine;
    private final DockerCli cli;

    public EngineContainers(EngineReads engine, DockerCli cli) {
        this.engine = engine;
        this.cli = cli;
    }

    /** docker ps --filter label=com.docker.swarm.service.name=STACK_wordpress [--filter health=healthy]. */
    private List<ContainerSummary> containers(String stack, boolean healthy) {
        Filters filters = Filters.of("label", EngineReads.SERVICE_LABEL + "=" + stack + "_wordpress");
        return engine.containers(false, healthy ? filters.and("health", "healthy") : filters);
    }

    @Override
    public Optional<String> healthyWordPress(String stack) {
        return containers(stack, true).stream().findFirst().map(ContainerSummary::shortId);
    }

    @Override
    public boolean anyWordPress(String stack) {
        return !containers(stack, false).isEmpty();
    }

    @Override
    public List<String> wordPressNodes(String stack) {
        return engine.serviceNodes(stack + "_wordpress");
    }

    @Override
    public String thisNode() {
        return engine.info().name();
    }

    /** docker exec -i: the installer's script goes in on standard input. */
    @Override
    public String exec(String container, List<String> argv, String input) {
        List<String> args = new ArrayList<>(List.of("exec", "-i", container));
        args.addAll(argv);
        var result = cli.run(input, args);
        return state(result.out(), result.err(), result.code());
    }

    /**
     * The installer's state: the program's last line on stdout. What PHP or WordPress print on stderr
     * (a notice; sendmail missing for the new site's mail) is not the state; it is shown only when
     * stdout is empty.
     */
    static String state(String out, String err, int code) {
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        if (!last.isEmpty()) {
            return last;
        }
        String error = err.strip().lines().reduce((a, b) -> b).orElse("");
        return "failed: " + (error.isEmpty() ? "no output (exit " + code + ")" : error);
    }
}

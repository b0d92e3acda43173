package io.wpstack.cli.docker;

import io.wpstack.cli.deploy.WordPressInstaller;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The WordPress installer's view of the engine, through the docker CLI. */
public final class CliContainers implements WordPressInstaller.Containers {
    private final DockerCliReads docker;

    public CliContainers(DockerCliReads docker) {
        this.docker = docker;
    }

    private List<String> containers(String stack, boolean healthy) {
        List<String> args = new ArrayList<>(
                List.of("ps", "--filter", "label=com.docker.swarm.service.name=" + stack + "_wordpress"));
        if (healthy) {
            args.addAll(List.of("--filter", "health=healthy"));
        }
        args.addAll(List.of("--format", "{{.ID}}"));
        return docker.docker(args.toArray(String[]::new))
                .out()
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
    }

    @Override
    public Optional<String> healthyWordPress(String stack) {
        return containers(stack, true).stream().findFirst();
    }

    @Override
    public boolean anyWordPress(String stack) {
        return !containers(stack, false).isEmpty();
    }

    @Override
    public List<String> wordPressNodes(String stack) {
        return docker.serviceNodes(stack + "_wordpress");
    }

    @Override
    public String thisNode() {
        return docker.thisNodeName();
    }

    @Override
    public String exec(String container, List<String> argv, String input) {
        List<String> args = new ArrayList<>(List.of("exec", "-i", container));
        args.addAll(argv);
        var result = docker.dockerWithInput(input, args.toArray(String[]::new));
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

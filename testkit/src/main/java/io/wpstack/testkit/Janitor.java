package io.wpstack.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Removes the Docker resources of a run, found by label, and the leftovers of runs whose process died. */
final class Janitor {
    static final String RUN_LABEL = "wpstack-it.run";

    private Janitor() {}

    /** Removes the containers, their cgroups, the volumes and the network of {@code run}. */
    static void removeRun(String run) {
        List<String> problems = new ArrayList<>();
        String filter = "label=" + RUN_LABEL + "=" + run;
        List<String> containers = names(problems, "ps", "-a", "--filter", filter, "--format", "{{.Names}}");
        remove(problems, containers, "rm", "-f", "-v");
        containers.forEach(container -> problems.addAll(Cgroups.remove(container)));
        remove(problems, names(problems, "volume", "ls", "-q", "--filter", filter), "volume", "rm", "-f");
        remove(
                problems,
                names(problems, "network", "ls", "--filter", filter, "--format", "{{.Name}}"),
                "network",
                "rm");
        if (!problems.isEmpty()) {
            throw new ClusterException("could not remove all of " + run + " (remove what is left by hand: "
                    + "docker ps -a / volume ls / network ls --filter " + filter + "): "
                    + String.join("; ", problems));
        }
    }

    /**
     * Removes every run whose owner process is gone (a crashed or killed test JVM), and node cgroups whose
     * container no longer exists. Runs of live processes, e.g. a concurrent test, are left alone.
     */
    static void sweep(String prefix) {
        Set<String> cgroups = Cgroups.named(prefix);
        for (String run : deadRuns(prefix)) {
            System.err.println("[dind-cluster] removing leftovers of dead run " + run);
            removeRun(run);
        }
        Set<String> containers = new TreeSet<>(names(new ArrayList<>(), "ps", "-a", "--format", "{{.Names}}"));
        cgroups.stream().filter(name -> !containers.contains(name)).forEach(Cgroups::remove);
    }

    private static Set<String> deadRuns(String prefix) {
        String format = "{{.Label \"" + RUN_LABEL + "\"}} {{.Label \"" + Owner.LABEL + "\"}}";
        String filter = "label=" + Owner.LABEL;
        List<String> problems = new ArrayList<>();
        List<String> labelled = new ArrayList<>();
        labelled.addAll(names(problems, "ps", "-a", "--filter", filter, "--format", format));
        labelled.addAll(names(problems, "volume", "ls", "--filter", filter, "--format", format));
        labelled.addAll(names(problems, "network", "ls", "--filter", filter, "--format", format));
        if (!problems.isEmpty()) {
            throw new ClusterException("cannot list leftovers of earlier runs: " + String.join("; ", problems));
        }
        Set<String> dead = new TreeSet<>();
        for (String line : labelled) {
            String[] runAndOwner = line.split(" ", 2);
            boolean alive = runAndOwner.length == 2
                    && Owner.parse(runAndOwner[1]).map(Owner::mayBeAlive).orElse(false);
            if (runAndOwner[0].startsWith(prefix) && !alive) {
                dead.add(runAndOwner[0]);
            }
        }
        return dead;
    }

    private static List<String> names(List<String> problems, String... args) {
        CommandResult result = DockerCli.run(args);
        if (!result.ok()) {
            problems.add(
                    String.join(" ", result.command()) + ": " + result.error().strip());
            return List.of();
        }
        return result.output().lines().filter(line -> !line.isBlank()).toList();
    }

    private static void remove(List<String> problems, List<String> names, String... command) {
        if (names.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(names);
        CommandResult result = DockerCli.run(args.toArray(String[]::new));
        if (!result.ok()) {
            problems.add(
                    String.join(" ", result.command()) + ": " + result.error().strip());
        }
    }
}

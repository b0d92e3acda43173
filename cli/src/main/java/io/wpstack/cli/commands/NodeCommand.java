package io.wpstack.cli.commands;

import io.wpstack.cli.App;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./wpstack node join-token|label|ls}: the swarm's nodes (docs/operations.md, "Cluster"). */
@Command(
        name = "node",
        header = "the swarm's nodes: join, label, list",
        customSynopsis = "./wpstack node join-token [worker|manager] | label NODE KEY=VALUE | ls",
        subcommands = {})
public final class NodeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public NodeCommand(App app) {
        this.app = app;
    }

    private final App app;

    @Override
    public Integer call() {
        throw new UsageException("node", "name a subcommand: join-token, label or ls");
    }

    /** Registers the subcommands (they share this command's {@link App}). */
    public CommandLine withSubcommands() {
        return new CommandLine(this)
                .addSubcommand(new JoinToken(app))
                .addSubcommand(new Label(app))
                .addSubcommand(new Ls(app));
    }

    @Command(
            name = "join-token",
            header = "the command that joins another machine to this swarm",
            customSynopsis = "./wpstack node join-token [worker|manager]")
    static final class JoinToken implements Callable<Integer> {
        private final App app;

        @Parameters(arity = "0..1", paramLabel = "worker|manager")
        String role = "worker";

        JoinToken(App app) {
            this.app = app;
        }

        @Override
        public Integer call() {
            return app.executor().execute(plan(role, app.docker()));
        }

        static Plan plan(String role, DockerReads docker) {
            if (!role.equals("worker") && !role.equals("manager")) {
                throw new UsageException("node join-token", "unknown role \"" + role + "\"; worker or manager");
            }
            Swarm.requireManager(docker);
            String token = docker.joinToken(role);
            String addr = docker.swarmNodeAddr().orElse("");
            var plan = Plan.builder();
            if (addr.isEmpty() || addr.startsWith("127.")) {
                plan.warn("this swarm advertises " + (addr.isEmpty() ? "no address" : addr)
                        + ", which other machines cannot reach: it was created for one machine. To grow it,"
                        + " recreate it with WPSTACK_ADVERTISE_ADDR=<this machine's address> (docker swarm leave"
                        + " --force removes every service), then rerun");
            }
            return plan.info("run this on the new " + role + " (as root, Docker installed; ports 2377/tcp,"
                            + " 7946/tcp+udp and 4789/udp open between nodes):")
                    .print("docker swarm join --token " + token + " " + addr + ":2377\n")
                    .build();
        }
    }

    @Command(
            name = "label",
            header = "add (or remove) a placement label",
            customSynopsis = "./wpstack node label NODE KEY=VALUE (or KEY- to remove it)")
    static final class Label implements Callable<Integer> {
        private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(=\\S*|-)");
        private final App app;

        @Parameters(arity = "0..*", paramLabel = "NODE KEY=VALUE")
        List<String> args = new ArrayList<>();

        Label(App app) {
            this.app = app;
        }

        @Override
        public Integer call() {
            return app.executor().execute(plan(args, app.docker()));
        }

        static Plan plan(List<String> args, DockerReads docker) {
            if (args.size() != 2) {
                throw new UsageException(
                        "node label", "needs a node and a label, e.g. ./wpstack node label node-2 wpstack.db=true");
            }
            String node = args.get(0);
            String label = args.get(1);
            if (!LABEL.matcher(label).matches()) {
                throw new UsageException(
                        "node label",
                        "\"" + label + "\" is not KEY=VALUE (or KEY- to remove it), e.g. wpstack.db=true");
            }
            Swarm.requireManager(docker);
            if (docker.node(node).isEmpty()) {
                throw new WpstackException("no node \"" + node
                        + "\" in this swarm; ./wpstack node ls lists them (use the HOSTNAME or ID column)");
            }
            var plan = Plan.builder();
            if (label.endsWith("-") && !label.contains("=")) {
                String key = label.substring(0, label.length() - 1);
                plan.add(Step.Run.of(
                                "",
                                List.of("docker", "node", "update", "--label-rm", key, node),
                                "removing label " + key + " from " + node + " failed (is it set? ./wpstack node ls)"))
                        .info("removed label " + key + " from " + node);
            } else {
                plan.add(Step.Run.of(
                                "",
                                List.of("docker", "node", "update", "--label-add", label, node),
                                "labelling " + node + " with " + label + " failed; see docker node inspect " + node))
                        .info("labelled " + node + " with " + label);
            }
            return plan.info("Swarm stops and reschedules at once the tasks that no longer match a constraint;"
                            + " tasks running elsewhere move only on the next deploy (./wpstack up) or docker"
                            + " service update --force")
                    .build();
        }
    }

    @Command(name = "ls", header = "nodes with role, state, address and labels", customSynopsis = "./wpstack node ls")
    static final class Ls implements Callable<Integer> {
        private final App app;

        Ls(App app) {
            this.app = app;
        }

        @Override
        public Integer call() {
            return app.executor().execute(plan(app.docker()));
        }

        static Plan plan(DockerReads docker) {
            Swarm.requireManager(docker);
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("HOSTNAME", "ROLE", "STATE", "AVAILABILITY", "MANAGER", "ADDRESS", "ENGINE", "LABELS"));
            for (DockerReads.NodeRow node : docker.nodes()) {
                rows.add(List.of(
                        node.hostname(),
                        node.role(),
                        node.state(),
                        node.availability(),
                        node.manager(),
                        node.address(),
                        node.engine(),
                        node.labels().isEmpty() ? "-" : String.join(" ", node.labels())));
            }
            return Plan.builder().print(Table.format(rows)).build();
        }
    }
}

package io.wpstack.cli.commands;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.StackNames;
import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.model.StackFile;
import io.wpstack.cli.model.Stacks;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wpstack down [--purge]}: removes the stack, and the monitoring stack when it watches this
 * one (it holds the stack's network, so it goes first). --purge also removes what the stacks keep:
 * their volumes and secrets (as their compose files name them) and the credentials file.
 */
@Command(
        name = "down",
        header = "remove the stack (and the monitoring stack watching it); --purge also their volumes,"
                + " secrets, deploy history and credentials")
public final class DownCommand implements Callable<Integer> {
    static final Duration REMOVAL_TIMEOUT = Duration.ofSeconds(60);
    private final App app;

    @Option(names = "--purge", description = "also remove the volumes, secrets, deploy history and credentials file")
    boolean purge;

    public DownCommand(App app) {
        this.app = app;
    }

    /** The names `down` works on, from the settings and the compose files. */
    record Target(
            String stack,
            String monitoringStack,
            StackFile wordpress,
            StackFile monitoring,
            Path credentials,
            boolean credentialsExist) {
        static Target of(Context context) {
            String monitoringStack = io.wpstack.cli.monitoring.MonitoringDeploy.stackName(context.environment());
            StackNames.check("WPSTACK_MONITORING_STACK", monitoringStack);
            Path credentials = context.credentialsFile();
            return new Target(
                    context.stack(),
                    monitoringStack,
                    Stacks.wordpress(context.root()),
                    Stacks.monitoring(context.root()),
                    credentials,
                    Files.exists(credentials));
        }
    }

    @Override
    public Integer call() {
        return app.executor().execute(plan(Target.of(app.context()), purge, app.docker()));
    }

    static Plan plan(Target target, boolean purge, DockerReads docker) {
        var plan = Plan.builder();
        String stack = target.stack();
        boolean monitoringDeployed = docker.stackExists(target.monitoringStack());
        boolean watches = docker.networkId(stack + "_backend")
                .map(id -> docker.stackServiceNetworks(target.monitoringStack()).contains(id))
                .orElse(false);
        if (watches) {
            plan.addAll(removeStack(target.monitoringStack(), docker));
        } else if (monitoringDeployed) {
            plan.info("stack " + target.monitoringStack() + " watches another stack than " + stack + ": kept");
        }
        plan.addAll(removeBackupJobs(stack, docker));
        plan.addAll(removeStack(stack, docker));
        if (!purge) {
            return plan.info("kept volumes and secrets (./wpstack down --purge removes them)")
                    .build();
        }
        if (monitoringDeployed && !watches) {
            plan.info("stack " + target.monitoringStack()
                    + " is deployed (for another stack): its volumes and secrets are kept");
        } else {
            plan.addAll(removeData(
                    target.monitoringStack(),
                    target.monitoring().volumes(),
                    target.monitoring()
                            .ownSecrets(
                                    "MONITORING_SECRET_PREFIX",
                                    StackNames.secretPrefix(target.monitoringStack(), "monitoring")),
                    docker));
        }
        // With the secret a stopped restore --from left (the jobs' own, not the stack file's).
        List<String> secrets = new java.util.ArrayList<>(
                target.wordpress().ownSecrets("SECRET_PREFIX", StackNames.secretPrefix(stack, "wpstack")));
        secrets.add(io.wpstack.cli.deploy.Secrets.secretName(stack, io.wpstack.cli.backup.BackupPlans.FROM_SECRET));
        secrets.add(io.wpstack.cli.deploy.Secrets.secretName(
                stack, io.wpstack.cli.backup.BackupPlans.FROM_CREDENTIALS_SECRET));
        plan.addAll(removeData(stack, target.wordpress().volumes(), secrets, docker));
        List<String> history = docker.configNames(io.wpstack.cli.release.History.prefix(stack));
        for (String config : history) {
            plan.add(Step.Run.silent(List.of("docker", "config", "rm", config)));
        }
        if (!history.isEmpty()) {
            plan.info("removed the deploy history of stack " + stack + " (" + history.size() + " records)");
        }
        if (target.credentialsExist()) {
            plan.add(new Step.DeleteFile("removed credentials file " + target.credentials(), target.credentials()));
        }
        return plan.build();
    }

    /**
     * The backup and restore jobs of STACK a stopped ./wpstack backup or restore left in the swarm: they
     * use the stack's network, volumes and secrets, which would then outlive the stack.
     */
    static Plan removeBackupJobs(String stack, DockerReads docker) {
        var plan = Plan.builder();
        for (String job : docker.backupJobs(stack)) {
            plan.add(Step.Run.of(
                            "",
                            List.of("docker", "service", "rm", job),
                            "docker service rm " + job + " failed (above); rerun ./wpstack down"))
                    .add(io.wpstack.cli.backup.BackupPlans.removeEndedContainers(job))
                    .info("removed the job " + job + " (left by a stopped backup or restore)");
        }
        return plan.build();
    }

    /** docker stack rm, then wait until its containers and network are gone. */
    static Plan removeStack(String stack, DockerReads docker) {
        if (!docker.stackExists(stack)) {
            return Plan.builder().info("stack " + stack + " is not deployed").build();
        }
        return Plan.builder()
                .info("removing stack " + stack)
                .add(Step.Run.of(
                        "",
                        List.of("docker", "stack", "rm", stack),
                        "docker stack rm " + stack + " failed (above); rerun ./wpstack down"))
                .add(new Step.Await(
                        "",
                        new Step.Condition.StackRemoved(stack),
                        REMOVAL_TIMEOUT,
                        "stack " + stack + "'s containers or network still exist after 60s; check docker ps -a"
                                + " and docker network ls, then rerun"))
                .build();
    }

    /** The stack's volumes (STACK_NAME) and secrets that exist. */
    static Plan removeData(String stack, List<String> volumes, List<String> secrets, DockerReads docker) {
        var plan = Plan.builder();
        for (String volume : volumes) {
            String name = stack + "_" + volume;
            if (docker.volumeExists(name)) {
                plan.add(Step.Run.of(
                                "",
                                List.of("docker", "volume", "rm", name),
                                "removing volume " + name + " failed (above: is a container still using it?);"
                                        + " rerun ./wpstack down --purge"))
                        .info("removed volume " + name);
            }
        }
        for (String secret : secrets) {
            if (docker.secretExists(secret)) {
                plan.add(Step.Run.of(
                                "",
                                List.of("docker", "secret", "rm", secret),
                                "removing secret " + secret + " failed (above: is a service still using it?);"
                                        + " rerun ./wpstack down --purge"))
                        .info("removed secret " + secret);
            }
        }
        return plan.build();
    }
}

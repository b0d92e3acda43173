package io.wpstack.cli.registry;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wpstack registry down [--purge]}: removes the stack; keeps the volume (the pushed
 * images), secrets and certificate unless --purge, which also removes this node's trust (certs.d
 * folder, /etc/hosts line) and STACK's state. The CA stays, so nodes that trust it go on trusting
 * a new registry.
 */
@Command(
        name = "down",
        header = "remove the registry's stack; --purge also its images, secrets, certificate and trust",
        customSynopsis = "./wpstack registry down [--purge]")
public final class RegistryDown implements Callable<Integer> {
    static final Duration STACK_REMOVAL_TIMEOUT = Duration.ofSeconds(60);
    static final Duration VOLUME_TIMEOUT = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofSeconds(1);

    private final App app;
    private final RegistryRuntime runtime;

    @Option(names = "--purge", description = "also remove the volume, secrets, certificate and this node's trust")
    boolean purge;

    public RegistryDown(App app) {
        this(app, RegistryRuntime.real(app));
    }

    RegistryDown(App app, RegistryRuntime runtime) {
        this.app = app;
        this.runtime = runtime;
    }

    /** What --purge finds to remove. */
    record Leftovers(boolean volume, List<String> secrets, boolean trustDir, String hosts) {
        Leftovers {
            secrets = List.copyOf(secrets);
        }
    }

    @Override
    public Integer call() {
        Context context = app.context();
        RegistryReads reads = runtime.reads();
        String stack = Registry.stack(context);
        RegistryPaths paths = runtime.paths(context, stack);
        RegistrySettings settings = Registry.settings(paths, stack, "registry down", null, null, null);
        boolean deployed = reads.stackExists(stack);
        app.executor().execute(removeStack(stack, deployed));
        if (deployed) {
            waitUntil(
                    () -> !reads.stackLeftovers(stack),
                    STACK_REMOVAL_TIMEOUT,
                    "stack " + stack + "'s containers or network still exist after 60s; check docker ps -a and docker"
                            + " network ls, then rerun");
        }
        if (!purge) {
            return app.executor().execute(kept(stack));
        }
        String volume = stack + "_data";
        boolean volumeExists = reads.volumeExists(volume);
        if (volumeExists) {
            waitUntil(() -> !reads.volumeInUse(volume), VOLUME_TIMEOUT, volumeInUse(stack));
        }
        var leftovers = new Leftovers(
                volumeExists,
                reads.labelledSecretNames(stack),
                Files.exists(paths.trustDir(settings)),
                RegistryFiles.read(paths.hostsFile()));
        return app.executor().execute(purge(settings, paths, leftovers));
    }

    /** docker stack rm (the wait for its containers and network follows), or a note. */
    static Plan removeStack(String stack, boolean deployed) {
        if (!deployed) {
            return Plan.builder().info("stack " + stack + " is not deployed").build();
        }
        return Plan.builder()
                .info("removing stack " + stack)
                .add(Step.Run.of(
                        "",
                        List.of("docker", "stack", "rm", stack),
                        "docker stack rm " + stack + " failed; see docker stack ls, then rerun"))
                .build();
    }

    static Plan kept(String stack) {
        return Plan.builder()
                .info("kept the volume " + stack + "_data (the pushed images), secrets and certificate (./wpstack"
                        + " registry down --purge removes them)")
                .build();
    }

    static String volumeInUse(String stack) {
        return "cannot remove volume " + stack + "_data (still in use?); see docker ps -a, then rerun ./wpstack"
                + " registry down --purge";
    }

    /** The volume, the secrets, this node's trust, STACK's state folder; never the CA. */
    static Plan purge(RegistrySettings settings, RegistryPaths paths, Leftovers leftovers) {
        String stack = settings.stack();
        var plan = Plan.builder();
        if (leftovers.volume()) {
            plan.add(Step.Run.of("", List.of("docker", "volume", "rm", stack + "_data"), volumeInUse(stack)))
                    .info("removed volume " + stack + "_data (the pushed images)");
        }
        for (String secret : Registry.ownSecrets(stack, leftovers.secrets())) {
            plan.add(Step.Run.of(
                            "",
                            List.of("docker", "secret", "rm", secret),
                            "docker secret rm " + secret + " failed; see docker secret inspect " + secret
                                    + ", then rerun ./wpstack registry down --purge"))
                    .info("removed secret " + secret);
        }
        String trustDir = paths.trustDir(settings).toString();
        if (leftovers.trustDir()) {
            plan.add(Step.Run.of(
                            "",
                            List.of("rm", "-rf", trustDir),
                            "cannot remove " + trustDir + "; rerun ./wpstack registry down --purge as root"))
                    .info("removed " + trustDir);
        }
        if (HostsFile.marks(leftovers.hosts(), settings.name())) {
            String hosts = paths.hostsFile().toString();
            plan.add(HostsFile.rewrite(
                            paths.hostsFile(),
                            HostsFile.without(leftovers.hosts(), settings.name()),
                            "cannot rewrite " + hosts + "; rerun as root, or remove the line of " + settings.name()
                                    + " marked \"" + HostsFile.MARK + "\" by hand"))
                    .info("removed " + settings.name() + " from " + hosts);
        }
        String state = paths.stateDir().toString();
        return plan.add(Step.Run.of(
                        "",
                        List.of("rm", "-rf", state),
                        "cannot remove " + state + "; check its owner, then rerun ./wpstack registry down --purge"))
                .info("removed " + state + "; the CA (" + paths.caCrt()
                        + ") is kept, so nodes that trust it go on trusting a new registry")
                .build();
    }

    private void waitUntil(BooleanSupplier done, Duration timeout, String failure) {
        Instant start = runtime.clock().instant();
        while (!done.getAsBoolean()) {
            if (Duration.between(start, runtime.clock().instant()).compareTo(timeout) >= 0) {
                throw new WpstackException(failure);
            }
            runtime.sleeper().sleep(POLL);
        }
    }
}

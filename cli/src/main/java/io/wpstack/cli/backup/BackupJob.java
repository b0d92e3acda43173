package io.wpstack.cli.backup;

import io.wpstack.cli.WpstackException;
import io.wpstack.engine.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A one-off run of the backup image ({@code wpstack-backup COMMAND ARGS}) as a Swarm job: the stack's
 * backup service's own task spec (image, environment, secrets, volumes, network and placement, as
 * stacks/wordpress.yml made them), so the job runs where the data lives, on any node, with the
 * stack's secrets, and nothing about it is kept twice.
 *
 * @param name the job service's name
 * @param command what wpstack-backup runs (backup, list, check, restore)
 * @param writesContent wp-content is mounted read-write (restore), else read-only as in the service
 */
public record BackupJob(String stack, String name, List<String> command, boolean writesContent) {
    /** The label each job carries: the stack it works for. */
    public static final String STACK_LABEL = "io.wpstack.stack";

    public static final String CONTENT_TARGET = "/wp-content";

    /** Where a job given another repository ({@link From}) finds its password: /run/secrets/NAME. */
    public static final String FROM_PASSWORD_TARGET = "restore_from_pass";

    /** Where a job given another repository finds what else its backend needs: /run/secrets/NAME. */
    public static final String FROM_CREDENTIALS_TARGET = "restore_from_env";

    /**
     * Another repository than the stack's own, for a restore --from: its restic URL, the Docker secret
     * that holds its password, and the one holding its other credentials, if it needs any.
     */
    public record From(String repository, String secret, Optional<String> credentialsSecret) {
        public From(String repository, String secret) {
            this(repository, secret, Optional.empty());
        }
    }

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    public BackupJob {
        command = List.copyOf(command);
    }

    /** A job of STACK running COMMAND, named after it and the time NOW. */
    public static BackupJob of(String stack, List<String> command, boolean writesContent, Instant now) {
        return new BackupJob(
                stack, stack + "_backup-" + command.getFirst() + "-" + STAMP.format(now), command, writesContent);
    }

    /**
     * {@code docker service create} of a job that sets Caddy's maintenance flag ON or off: the backup
     * IMAGE on Caddy's NODE, with Caddy's volume of STACK mounted (no secret, no network).
     */
    public static List<String> maintenanceArgv(String stack, String image, String node, boolean on, Instant now) {
        List<String> argv = new ArrayList<>(preamble(stack, maintenanceName(stack, on, now), "maintenance"));
        argv.addAll(List.of(
                "--constraint",
                "node.id == " + node,
                "--mount",
                "type=volume,source=" + stack + "_caddy_data,target=/caddy-data",
                image,
                "maintenance",
                on ? "on" : "off"));
        return List.copyOf(argv);
    }

    /** docker service create of job NAME of STACK: detached, printing only its ID, run once, labelled KIND. */
    private static List<String> preamble(String stack, String name, String kind) {
        return List.of(
                "docker",
                "service",
                "create",
                "--detach",
                "--quiet",
                "--no-resolve-image",
                "--name",
                name,
                "--mode",
                "replicated-job",
                "--restart-condition",
                "none",
                "--label",
                STACK_LABEL + "=" + stack,
                "--label",
                "io.wpstack.backup-job=" + kind);
    }

    public static String maintenanceName(String stack, boolean on, Instant now) {
        return stack + "_backup-maintenance-" + (on ? "on-" : "off-") + STAMP.format(now);
    }

    /** The backup service of STACK, whose task spec every job copies. */
    public static String service(String stack) {
        return stack + "_backup";
    }

    /**
     * {@code docker service create} of this job from SERVICE, the backup service as GET /services/ID
     * answers it: detached, printing only the new service's ID, never restarted.
     */
    public List<String> createArgv(Json service) {
        return createArgv(service, Optional.empty());
    }

    /** {@link #createArgv(Json)}, reading FROM's repository instead of the stack's (WPSTACK_RESTORE_FROM). */
    public List<String> createArgv(Json service, Optional<From> from) {
        Json task = service.at("Spec", "TaskTemplate")
                .orElseThrow(() -> new WpstackException(
                        "the service " + service(stack) + " has no task spec; rerun ./wpstack up to redeploy it"));
        Json container = task.at("ContainerSpec").orElseThrow();
        List<String> argv = new ArrayList<>(preamble(stack, name, command.getFirst()));
        for (String constraint : task.strings("Placement", "Constraints")) {
            argv.addAll(List.of("--constraint", constraint));
        }
        for (Json network : task.objects("Networks")) {
            argv.addAll(List.of("--network", network.string("Target")));
        }
        for (Json secret : container.objects("Secrets")) {
            argv.addAll(List.of(
                    "--secret", "source=" + secret.string("SecretName") + ",target=" + secret.string("File", "Name")));
        }
        from.ifPresent(other -> {
            argv.addAll(List.of("--secret", "source=" + other.secret() + ",target=" + FROM_PASSWORD_TARGET));
            other.credentialsSecret()
                    .ifPresent(secret -> argv.addAll(
                            List.of("--secret", "source=" + secret + ",target=" + FROM_CREDENTIALS_TARGET)));
        });
        for (Json mount : container.objects("Mounts")) {
            boolean readOnly = mount.bool("ReadOnly")
                    && !(writesContent && mount.string("Target").equals(CONTENT_TARGET));
            argv.addAll(List.of(
                    "--mount",
                    "type=" + mount.string("Type") + ",source=" + mount.string("Source") + ",target="
                            + mount.string("Target") + (readOnly ? ",readonly" : "")));
        }
        for (String variable : container.strings("Env")) {
            argv.addAll(List.of("--env", variable));
        }
        from.ifPresent(other -> argv.addAll(List.of("--env", "WPSTACK_RESTORE_FROM=" + other.repository())));
        long memory = task.number(0, "Resources", "Limits", "MemoryBytes");
        if (memory > 0) {
            argv.addAll(List.of("--limit-memory", Long.toString(memory)));
        }
        argv.add(container.string("Image"));
        argv.addAll(command);
        return List.copyOf(argv);
    }
}

package io.wpstack.cli.backup;

import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import io.wpstack.engine.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What backup, backup list, backup check and restore do, as plans: each job copies the deployed backup
 * service's task spec ({@link BackupJob}); restore also stops and restarts WordPress around the restore
 * job, with Caddy answering 503 meanwhile.
 */
public final class BackupPlans {
    /** A snapshot as restore names it: latest, or an id (8 to 64 hex digits, a prefix of one). */
    static final Pattern SNAPSHOT = Pattern.compile("latest|[0-9a-f]{4,64}");

    /** The label on the WordPress service that keeps its replicas while a restore has it at 0. */
    static final String REPLICAS_LABEL = "io.wpstack.restore-replicas";

    private BackupPlans() {}

    /**
     * What up says of the backups: with the default repository (BACKUP_REPOSITORY empty), that it is on
     * the data node's disk.
     */
    public static Plan warnings(String repository, String interval) {
        if (!repository.isEmpty()) {
            return Plan.of();
        }
        return Plan.builder()
                .warn("backups (" + (interval.equals("off") ? "./wpstack backup; none scheduled" : "every " + interval)
                        + ") go to the backups volume of the data node: that protects against mistakes, not against"
                        + " losing the machine. Set BACKUP_REPOSITORY to a restic repository elsewhere (docs/operations.md,"
                        + " \"Backups\").")
                .build();
    }

    /** ./wpstack backup: a snapshot now, its progress and summary shown. */
    public static Plan backup(String stack, Json service, Instant now) {
        return Plan.of(job(
                stack,
                service,
                List.of("backup", "manual"),
                false,
                false,
                now,
                "backing up stack " + stack + " (the database and wp-content, on the node that holds them)",
                "the backup failed (its output is above); nothing was changed"));
    }

    /** ./wpstack backup list: the stack's snapshots, on stdout. */
    public static Plan list(String stack, Json service, Instant now) {
        return Plan.of(job(
                stack, service, List.of("list"), false, true, now, "", "listing the snapshots failed (output above)"));
    }

    /** ./wpstack backup check: restic check of the repository. */
    public static Plan check(String stack, Json service, Instant now) {
        return Plan.of(job(
                stack,
                service,
                List.of("check"),
                false,
                false,
                now,
                "checking the backup repository of stack " + stack,
                "the repository check failed (output above): see docs/operations.md, \"Backups\""));
    }

    /** The snapshot argument of restore, checked. */
    static String snapshot(String snapshot) {
        if (snapshot == null) {
            throw new UsageException("restore", "name a snapshot (an id from ./wpstack backup list) or latest");
        }
        if (!SNAPSHOT.matcher(snapshot).matches()) {
            throw new UsageException(
                    "restore",
                    "\"" + snapshot + "\" is not a snapshot: give an id from ./wpstack backup list (hex digits) or"
                            + " latest");
        }
        return snapshot;
    }

    /**
     * The replicas a service (WordPress, its cron) runs when not being restored: the label a restore left (a restore that was
     * interrupted and is rerun), else its replicas now.
     */
    static long keptReplicas(Json service) {
        String kept = service.stringMap("Spec", "Labels").getOrDefault(REPLICAS_LABEL, "");
        if (!kept.isEmpty()) {
            return Long.parseLong(kept);
        }
        return service.number(1, "Spec", "Mode", "Replicated", "Replicas");
    }

    /**
     * ./wpstack restore SNAPSHOT: checks that the snapshot exists, takes a safety snapshot of the
     * current state, puts the site into maintenance (Caddy answers 503), stops WordPress and its cron,
     * restores the database and wp-content, brings WordPress back, runs its database upgrade when the
     * snapshot is from an older WordPress, and ends the maintenance.
     *
     * @param wordpress the WordPress service as GET /services answers it
     * @param cronService the cron service, likewise (its replicas are brought back as they were)
     * @param caddyNode the ID of the node Caddy runs on (its maintenance flag is on its volume there)
     * @param site what the WordPress install check needs (its host, scheme and install form)
     */
    public static Plan restore(
            String stack,
            String snapshot,
            Json service,
            Json wordpress,
            Json cronService,
            String caddyNode,
            Site site,
            Instant now) {
        snapshot(snapshot);
        long replicas = keptReplicas(wordpress);
        long cronReplicas = keptReplicas(cronService);
        if (replicas < 1) {
            throw new WpstackException("the service " + stack + "_wordpress runs no replica and no restore left"
                    + " its count; run ./wpstack up first");
        }
        String caddy = stack + "_caddy";
        String wordpressService = stack + "_wordpress";
        String cron = stack + "_cron";
        List<Step> steps = new ArrayList<>();
        steps.add(job(
                stack,
                service,
                List.of("verify", snapshot),
                false,
                false,
                now,
                "finding snapshot " + snapshot,
                "no such snapshot (above: the newest ones); nothing was changed"));
        steps.add(job(
                stack,
                service,
                List.of("backup", "safety"),
                false,
                false,
                now.plusSeconds(1),
                "a safety snapshot of the current state first (./wpstack restore ID brings it back)",
                "the safety snapshot failed (output above); nothing was changed, the restore did not start"));
        String image = service.string("Spec", "TaskTemplate", "ContainerSpec", "Image");
        steps.add(new Step.Job(
                "maintenance: Caddy answers 503 while the site is restored",
                BackupJob.maintenanceName(stack, true, now),
                BackupJob.maintenanceArgv(stack, image, caddyNode, true, now),
                false,
                "could not put " + caddy + " into maintenance; nothing was restored, rerun the restore"));
        steps.add(stop("stopping WordPress", wordpressService, replicas));
        steps.add(stop("", cron, cronReplicas));
        steps.add(job(
                stack,
                service,
                List.of("restore", snapshot),
                true,
                false,
                now.plusSeconds(2),
                "restoring snapshot " + snapshot + " (the database, then wp-content)",
                "the restore failed (output above); the site stays in maintenance: rerun the restore, or restore"
                        + " the safety snapshot"));
        steps.add(start(
                "starting WordPress (" + replicas + (replicas == 1 ? " replica)" : " replicas)"),
                wordpressService,
                replicas));
        steps.add(start("", cron, cronReplicas));
        steps.add(converged(stack));
        steps.add(new Step.Await(
                "",
                new Step.Condition.WordPressInstalled(stack, site.host(), site.scheme(), site.form()),
                io.wpstack.cli.deploy.WordPressInstaller.TIMEOUT,
                "WordPress did not come back within 120s; see ./wpstack status and ./wpstack logs wordpress"));
        steps.add(new Step.Job(
                "ending the maintenance",
                BackupJob.maintenanceName(stack, false, now),
                BackupJob.maintenanceArgv(stack, image, caddyNode, false, now),
                false,
                "could not end the maintenance of " + caddy + "; rerun the restore"));
        steps.add(new Step.Info("snapshot " + snapshot + " restored; the site serves again"));
        return new Plan(steps);
    }

    /** SERVICE scaled to 0, waiting until its tasks stopped; REPLICAS kept in a label for the start. */
    private static Step stop(String description, String service, long replicas) {
        return Step.Run.of(
                description,
                List.of(
                        "docker",
                        "service",
                        "update",
                        "--detach=false",
                        "--replicas",
                        "0",
                        "--label-add",
                        REPLICAS_LABEL + "=" + replicas,
                        service),
                "could not stop " + service + "; nothing was restored, rerun the restore");
    }

    /** SERVICE back at REPLICAS, its label removed. */
    private static Step start(String description, String service, long replicas) {
        return Step.Run.of(
                description,
                List.of(
                        "docker",
                        "service",
                        "update",
                        "--detach",
                        "--replicas",
                        Long.toString(replicas),
                        "--label-rm",
                        REPLICAS_LABEL,
                        service),
                "could not start " + service + "; rerun the restore, or ./wpstack up");
    }

    private static Step converged(String stack) {
        return new Step.Await(
                "waiting for stack " + stack + " to converge (at most 5m)",
                new Step.Condition.StackConverged(stack),
                Duration.ofMinutes(5),
                "stack " + stack + " did not converge within 5m: the table above names each lagging service");
    }

    /** The host, scheme and install form the WordPress check of restore needs (see UpCommand). */
    public record Site(String host, String scheme, Map<String, String> form) {
        public Site {
            form = Map.copyOf(form);
        }

        @Override
        public String toString() {
            return "Site[" + scheme + "://" + host + ", form " + form.keySet() + "]";
        }
    }

    private static Step.Job job(
            String stack,
            Json service,
            List<String> command,
            boolean writesContent,
            boolean data,
            Instant now,
            String description,
            String failure) {
        BackupJob job = BackupJob.of(stack, command, writesContent, now);
        return new Step.Job(description, job.name(), job.createArgv(service), data, failure);
    }
}

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
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What backup, backup list, backup check and restore do, as plans: each job copies the deployed backup
 * service's task spec ({@link BackupJob}); restore also stops and restarts WordPress around the restore
 * job, with Caddy answering 503 meanwhile.
 */
public final class BackupPlans {
    /** A snapshot as restore names it: latest, or an id (8 to 64 hex digits, a prefix of one). */
    static final Pattern SNAPSHOT = Pattern.compile("latest|[0-9a-f]{4,64}");

    /** What the restore job is told to start from when restore --to names no snapshot: the newest before it. */
    static final String AUTO = "auto";

    /** The label on the WordPress service that keeps its replicas while a restore has it at 0. */
    static final String REPLICAS_LABEL = "io.wpstack.restore-replicas";

    /** The restic backends a restore --from can reach from the data node (a plain path is not on it). */
    static final Pattern REPOSITORY_URL =
            Pattern.compile("(rest:https?://|sftp:|s3:|b2:|azure:|gs:|swift:|rclone:)\\S+");

    /** The credential name of the secret that holds a restore --from repository's password. */
    public static final String FROM_SECRET = "restore_from_pass";

    /** The credential name of the secret that holds a restore --from repository's other credentials. */
    public static final String FROM_CREDENTIALS_SECRET = "restore_from_env";

    /** How long a restore waits for a job a stopped backup or restore left running. */
    static final Duration LEFT_JOB_TIMEOUT = Duration.ofMinutes(30);

    private BackupPlans() {}

    /**
     * The repository a restore --from reads (a lost machine's): its restic URL, password and what else
     * its backend needs (--credentials-file). toString leaves the password and credentials out.
     */
    public record Source(String repository, String password, Optional<RepositoryCredentials> credentials) {
        public Source {
            check(repository);
            if (password.isEmpty()) {
                throw new UsageException("restore", "the password of " + repository + " is empty");
            }
        }

        public Source(String repository, String password) {
            this(repository, password, Optional.empty());
        }

        /** Fails, naming the forms, when REPOSITORY is not a restic URL the data node can reach. */
        static void check(String repository) {
            if (!REPOSITORY_URL.matcher(repository).matches()) {
                throw new UsageException(
                        "restore",
                        "--from \"" + repository + "\" is not a restic repository the data node can reach: give"
                                + " rest:https://HOST:PORT/PATH, sftp:USER@HOST:/PATH, s3:https://HOST/BUCKET,"
                                + " rclone:REMOTE:PATH (or b2:, azure:, gs:, swift:)");
            }
        }

        @Override
        public String toString() {
            return "Source[" + repository + ", password of " + password.length() + " characters"
                    + credentials.map(c -> ", credentials " + c.names()).orElse("") + "]";
        }
    }

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

    /** The services whose data an upgrade puts at risk: MariaDB (the database), WordPress (wp-content, its database upgrade). */
    public static final List<String> DATA_SERVICES = List.of("mariadb", "wordpress");

    /**
     * What up does before it deploys: when a service with data ({@link #DATA_SERVICES}) is about to run
     * another image and backups are configured (BACKUP_INTERVAL not off, or BACKUP_REPOSITORY set), a
     * snapshot first (tag upgrade; the job prints its id and how to restore it), so that a bad upgrade can
     * be undone; a failed one stops up before it changes anything. SKIP (--no-backup): none, said so.
     *
     * @param settings BACKUP_INTERVAL and BACKUP_REPOSITORY
     * @param backup the deployed backup service, empty before the first up
     * @param deployed NAME to the image its service runs now (a service not deployed yet is absent)
     * @param images NAME to the image up deploys
     */
    public static Plan beforeUpgrade(
            String stack,
            Map<String, String> settings,
            boolean skip,
            Optional<Json> backup,
            Map<String, String> deployed,
            Map<String, String> images,
            Instant now) {
        List<String> changes = new ArrayList<>();
        for (String name : DATA_SERVICES) {
            String before = deployed.get(name);
            String after = images.get(name);
            if (before != null && after != null && !withoutDigest(before).equals(withoutDigest(after))) {
                changes.add(name + " (" + withoutDigest(before) + " -> " + after + ")");
            }
        }
        if (changes.isEmpty()) {
            return Plan.of();
        }
        String what = String.join(", ", changes);
        if (skip) {
            return Plan.builder()
                    .info("--no-backup: no snapshot before upgrading " + what)
                    .build();
        }
        boolean configured = !settings.getOrDefault("BACKUP_INTERVAL", "off").equals("off")
                || !settings.getOrDefault("BACKUP_REPOSITORY", "").isEmpty();
        if (!configured) {
            return Plan.builder()
                    .info("no snapshot before upgrading " + what + ": backups are not configured (BACKUP_INTERVAL=off);"
                            + " ./wpstack backup takes one")
                    .build();
        }
        if (backup.isEmpty()) {
            return Plan.builder()
                    .info("no snapshot before upgrading " + what + ": the stack has no backup service yet")
                    .build();
        }
        return Plan.of(job(
                stack,
                backup.get(),
                List.of("backup", "upgrade"),
                false,
                false,
                now,
                "backing up before upgrading " + what,
                "the backup before the upgrade failed (output above); nothing was deployed: fix it and rerun, or"
                        + " ./wpstack up --no-backup to upgrade without one"));
    }

    /** IMAGE without the @sha256:... docker stack deploy may pin it to. */
    private static String withoutDigest(String image) {
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at);
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

    /** The snapshot argument of restore, checked; without one, a restore --to starts from the newest before TO. */
    static String snapshot(String snapshot, Optional<PointInTime> to) {
        if (snapshot == null && to.isPresent()) {
            return AUTO;
        }
        return snapshot(snapshot);
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
     * ./wpstack restore SNAPSHOT: checks that the snapshot exists and fits on the data node's disk, takes a
     * safety snapshot of the current state, puts the site into maintenance (Caddy answers 503), stops
     * WordPress and its cron, restores the database and wp-content, brings WordPress back, runs its database
     * upgrade when the snapshot is from an older WordPress, and ends the maintenance. With TO, the binary
     * log is replayed after the snapshot up to that time (SNAPSHOT {@link #AUTO}: the newest snapshot
     * before it).
     *
     * <p>FROM: another repository than the stack's (disaster recovery: a lost machine's); its password and
     * credentials go into Docker secrets of the stack for the verify and restore jobs, removed at the end;
     * the safety snapshot still goes to the stack's own repository. LEFT: the jobs a stopped backup or
     * restore left in the swarm (a restore killed halfway goes on there): each is waited for and removed
     * first, so that two restores never write at once.
     *
     * @param wordpress the WordPress service as GET /services answers it
     * @param cronService the cron service, likewise (its replicas are brought back as they were)
     * @param caddyNode the ID of the node Caddy runs on (its maintenance flag is on its volume there)
     * @param site what the WordPress install check needs (its host, scheme and install form)
     */
    public static Plan restore(
            String stack,
            String snapshot,
            Optional<PointInTime> to,
            Optional<Source> from,
            List<String> left,
            Json service,
            Json wordpress,
            Json cronService,
            String caddyNode,
            Site site,
            Instant now) {
        if (!snapshot.equals(AUTO) || to.isEmpty()) {
            snapshot(snapshot);
        }
        List<String> until = to.map(time -> List.of("--to", time.utc())).orElse(List.of());
        String secret = io.wpstack.cli.deploy.Secrets.secretName(stack, FROM_SECRET);
        String credentialsSecret = io.wpstack.cli.deploy.Secrets.secretName(stack, FROM_CREDENTIALS_SECRET);
        Optional<BackupJob.From> other = from.map(source -> new BackupJob.From(
                source.repository(), secret, source.credentials().map(c -> credentialsSecret)));
        String what =
                to.map(time -> (snapshot.equals(AUTO) ? "the newest snapshot before " + time : "snapshot " + snapshot)
                                        + " and the binary log until " + time)
                                .orElse("snapshot " + snapshot)
                        + from.map(source -> " of " + source.repository()).orElse("");
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
        for (String job : left) {
            steps.add(new Step.Await(
                    "waiting for " + job + " (left running by a stopped backup or restore) to end first, at most "
                            + LEFT_JOB_TIMEOUT.toMinutes() + "m",
                    new Step.Condition.JobEnded(job),
                    LEFT_JOB_TIMEOUT,
                    job + " still runs after " + LEFT_JOB_TIMEOUT.toMinutes() + "m (docker service logs " + job
                            + "); nothing was changed, rerun the restore when it ended"));
            steps.add(Step.Run.of(
                    "",
                    List.of("docker", "service", "rm", job),
                    "docker service rm " + job + " failed (above); nothing was changed, rerun the restore"));
            steps.add(removeEndedContainers(job));
        }
        from.ifPresent(source -> {
            steps.addAll(replacedSecret(stack, secret, source.password()));
            source.credentials()
                    .ifPresent(
                            credentials -> steps.addAll(replacedSecret(stack, credentialsSecret, credentials.text())));
        });
        steps.add(job(
                stack,
                service,
                other,
                concat(List.of("verify", snapshot), until),
                false,
                false,
                now,
                "finding " + what,
                to.isEmpty()
                        ? "no such snapshot (above: the newest ones); nothing was changed"
                        : "the repository cannot restore " + what + " (above: why); nothing was changed"));
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
        steps.add(stopped(wordpressService));
        steps.add(stopped(cron));
        steps.add(job(
                stack,
                service,
                other,
                concat(List.of("restore", snapshot), until),
                true,
                false,
                now.plusSeconds(2),
                "restoring " + what + " (the database, then wp-content)",
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
        if (from.isPresent()) {
            steps.add(Step.Run.silent(List.of("docker", "secret", "rm", secret)));
            if (from.get().credentials().isPresent()) {
                steps.add(Step.Run.silent(List.of("docker", "secret", "rm", credentialsSecret)));
            }
        }
        steps.add(new Step.Info(what + " restored; the site serves again"));
        return new Plan(steps);
    }

    /** The secret NAME of STACK created with VALUE; one a failed restore --from left goes first (a secret cannot change). */
    private static List<Step> replacedSecret(String stack, String name, String value) {
        var create = new io.wpstack.cli.deploy.Secrets.Create(name, stack, value);
        return List.of(
                Step.Run.silent(List.of("docker", "secret", "rm", name)),
                Step.Run.withInput(create.argv(), create.value(), create.failure()));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    /** SERVICE told to scale to 0 (see {@link #stopped}); REPLICAS kept in a label for the start. */
    private static Step stop(String description, String service, long replicas) {
        return Step.Run.of(
                description,
                List.of(
                        "docker",
                        "service",
                        "update",
                        "--detach",
                        "--replicas",
                        "0",
                        "--label-add",
                        REPLICAS_LABEL + "=" + replicas,
                        service),
                "could not stop " + service + "; nothing was restored, rerun the restore");
    }

    /**
     * Removes the ended containers of job SERVICE on this node: Swarm leaves them after the service is
     * removed, and they keep the stack's volumes in use (down --purge could not remove them).
     */
    public static Step removeEndedContainers(String service) {
        return Step.Run.silent(List.of(
                "docker",
                "container",
                "prune",
                "--force",
                "--filter",
                "label=com.docker.swarm.service.name=" + service));
    }

    /** Waits until every task of SERVICE, scaled to 0, stopped. */
    private static Step stopped(String service) {
        return new Step.Await(
                "",
                new Step.Condition.ServiceStopped(service),
                Duration.ofSeconds(90),
                service + " did not stop within 90s (docker service ps " + service + "); nothing was restored,"
                        + " rerun the restore");
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
        return job(stack, service, Optional.empty(), command, writesContent, data, now, description, failure);
    }

    private static Step.Job job(
            String stack,
            Json service,
            Optional<BackupJob.From> from,
            List<String> command,
            boolean writesContent,
            boolean data,
            Instant now,
            String description,
            String failure) {
        BackupJob job = BackupJob.of(stack, command, writesContent, now);
        return new Step.Job(description, job.name(), job.createArgv(service, from), data, failure);
    }
}

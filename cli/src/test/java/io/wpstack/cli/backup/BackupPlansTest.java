package io.wpstack.cli.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.deploy.Credentials;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import io.wpstack.engine.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupPlansTest {
    static final Instant NOW = Instant.parse("2026-12-02T14:05:09Z");

    /** GET /services/wpstack_backup and /services/wpstack_wordpress, captured from a deployed stack. */
    static Json captured(String name) {
        try (InputStream in = BackupPlansTest.class.getResourceAsStream("/backup/" + name + ".json")) {
            return Json.parse(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final Json BACKUP = captured("service-backup");
    static final Json WORDPRESS = captured("service-wordpress");

    private static final BackupPlans.Site SITE =
            new BackupPlans.Site("192.0.2.2", "http", Map.of("user_name", "admin-x"));

    private static List<Step.Job> jobs(Plan plan) {
        return plan.steps().stream()
                .filter(Step.Job.class::isInstance)
                .map(Step.Job.class::cast)
                .toList();
    }

    @Test
    void aJobCopiesTheBackupServicesTaskSpecAndRunsItsCommandOnce() {
        var job = BackupJob.of("wpstack", List.of("backup", "manual"), false, NOW);
        List<String> argv = job.createArgv(BACKUP);
        assertEquals("wpstack_backup-backup-20261202-140509", job.name());
        assertEquals(
                List.of(
                        "docker",
                        "service",
                        "create",
                        "--detach",
                        "--quiet",
                        "--no-resolve-image",
                        "--name",
                        job.name(),
                        "--mode",
                        "replicated-job",
                        "--restart-condition",
                        "none",
                        "--label",
                        "io.wpstack.stack=wpstack",
                        "--label",
                        "io.wpstack.backup-job=backup"),
                argv.subList(0, 16));
        String joined = String.join(" ", argv);
        assertTrue(joined.contains("--constraint node.labels.wpstack.data == true"), joined);
        assertTrue(joined.contains("--secret source=backup_repo_pass,target=backup_repo_pass"), joined);
        assertTrue(joined.contains("--secret source=db_root_pass,target=db_root_pass"), joined);
        assertTrue(
                joined.contains("--mount type=volume,source=wpstack_wp_content,target=/wp-content,readonly"), joined);
        assertTrue(joined.contains("--mount type=volume,source=wpstack_backups,target=/repository --"), joined);
        assertTrue(joined.contains("--env RESTIC_PASSWORD_FILE=/run/secrets/backup_repo_pass"), joined);
        assertTrue(joined.contains("--network "), joined);
        assertEquals(
                List.of(BACKUP.string("Spec", "TaskTemplate", "ContainerSpec", "Image"), "backup", "manual"),
                argv.subList(argv.size() - 3, argv.size()));
    }

    @Test
    void onlyARestoreJobMountsWpContentWritable() {
        String joined = String.join(
                " ",
                BackupJob.of("wpstack", List.of("restore", "latest"), true, NOW).createArgv(BACKUP));
        assertTrue(joined.contains("--mount type=volume,source=wpstack_wp_content,target=/wp-content --"), joined);
    }

    @Test
    void backupListAndCheckAreOneJobEachAndOnlyTheListIsData() {
        assertEquals(
                List.of(false),
                jobs(BackupPlans.backup("wpstack", BACKUP, NOW)).stream()
                        .map(Step.Job::data)
                        .toList());
        assertEquals(
                List.of(true),
                jobs(BackupPlans.list("wpstack", BACKUP, NOW)).stream()
                        .map(Step.Job::data)
                        .toList());
        assertEquals(
                List.of("check"),
                jobs(BackupPlans.check("wpstack", BACKUP, NOW)).stream()
                        .map(job -> job.create().getLast())
                        .toList());
    }

    @Test
    void restoreFindsTheSnapshotTakesASafetySnapshotThenStopsRestoresAndRestartsWordPress() {
        Plan plan = restore("wpstack", "1a2b3c4d", Optional.empty(), BACKUP, WORDPRESS, WORDPRESS, "node1", SITE, NOW);
        var jobs = jobs(plan);
        assertEquals(
                List.of(
                        List.of("verify", "1a2b3c4d"),
                        List.of("backup", "safety"),
                        List.of("maintenance", "on"),
                        List.of("restore", "1a2b3c4d"),
                        List.of("maintenance", "off")),
                jobs.stream()
                        .map(job -> job.create()
                                .subList(job.create().size() - 2, job.create().size()))
                        .toList());
        assertEquals(5, jobs.stream().map(Step.Job::service).distinct().count(), "each job has a name of its own");
        List<List<String>> commands = plan.commands();
        List<String> order = commands.stream()
                .map(argv -> argv.contains("create")
                        ? argv.get(argv.size() - 2)
                        : String.join(" ", argv.subList(3, argv.size())))
                .toList();
        assertEquals(
                List.of(
                        "verify",
                        "backup",
                        "maintenance",
                        "--detach --replicas 0 --label-add io.wpstack.restore-replicas=1 wpstack_wordpress",
                        "--detach --replicas 0 --label-add io.wpstack.restore-replicas=1 wpstack_cron",
                        "restore",
                        "--detach --replicas 1 --label-rm io.wpstack.restore-replicas wpstack_wordpress",
                        "--detach --replicas 1 --label-rm io.wpstack.restore-replicas wpstack_cron",
                        "maintenance"),
                order);
        var awaits = plan.steps().stream()
                .filter(Step.Await.class::isInstance)
                .map(step -> ((Step.Await) step).condition().getClass().getSimpleName())
                .toList();
        assertEquals(
                List.of("ServiceStopped", "ServiceStopped", "StackConverged", "WordPressInstalled"),
                awaits,
                "both stopped before the restore job");
        int restoreJob = plan.steps().indexOf(jobs.get(3));
        assertEquals(
                List.of(
                        new Step.Condition.ServiceStopped("wpstack_wordpress"),
                        new Step.Condition.ServiceStopped("wpstack_cron")),
                plan.steps().subList(restoreJob - 2, restoreJob).stream()
                        .map(step -> ((Step.Await) step).condition())
                        .toList());
        var maintenance = jobs.stream()
                .filter(job -> job.create().contains("maintenance"))
                .map(job -> String.join(" ", job.create()))
                .toList();
        assertEquals(2, maintenance.size());
        assertTrue(maintenance.getFirst().contains("--constraint node.id == node1"), maintenance.getFirst());
        assertTrue(
                maintenance.getFirst().contains("type=volume,source=wpstack_caddy_data,target=/caddy-data"),
                maintenance.getFirst());
        assertTrue(maintenance.getFirst().endsWith("maintenance on"));
        assertTrue(maintenance.getLast().endsWith("maintenance off"));
        assertTrue(jobs.get(3).create().contains("type=volume,source=wpstack_wp_content,target=/wp-content"));
    }

    @Test
    void restoreToATimeVerifiesAndRestoresWithTheTimeInUtcFromTheNewestSnapshotBeforeIt() {
        var to = Optional.of(new PointInTime(Instant.parse("2026-12-01T14:05:00Z")));
        String image = BACKUP.string("Spec", "TaskTemplate", "ContainerSpec", "Image");
        var jobs = jobs(restore(
                "wpstack", BackupPlans.snapshot(null, to), to, BACKUP, WORDPRESS, WORDPRESS, "node1", SITE, NOW));
        assertEquals(
                List.of(
                        List.of("verify", "auto", "--to", "2026-12-01 14:05:00"),
                        List.of("backup", "safety"),
                        List.of("maintenance", "on"),
                        List.of("restore", "auto", "--to", "2026-12-01 14:05:00"),
                        List.of("maintenance", "off")),
                jobs.stream()
                        .map(job -> job.create()
                                .subList(
                                        job.create().indexOf(image) + 1,
                                        job.create().size()))
                        .toList());
        assertTrue(jobs.getFirst().description().contains("the newest snapshot before 2026-12-01 14:05:00 UTC"));
        var named = jobs(restore("wpstack", "1a2b3c4d", to, BACKUP, WORDPRESS, WORDPRESS, "node1", SITE, NOW));
        assertEquals(
                List.of("restore", "1a2b3c4d", "--to", "2026-12-01 14:05:00"),
                named.get(3)
                        .create()
                        .subList(
                                named.get(3).create().size() - 4,
                                named.get(3).create().size()));
        assertThrows(
                UsageException.class,
                () -> restore("wpstack", "auto", Optional.empty(), BACKUP, WORDPRESS, WORDPRESS, "node1", SITE, NOW),
                "auto is no snapshot without --to");
    }

    @Test
    void restoreFromAnotherRepositoryGivesOnlyTheVerifyAndRestoreJobsItsUrlAndPasswordSecret() {
        var source = new BackupPlans.Source("rest:http://192.0.2.9:8000/site", "s3cret-pass");
        var plan = restoreFrom(source);
        var runs = runs(plan);
        assertEquals(
                List.of("docker", "secret", "rm", "e2ebk_restore_from_pass"),
                runs.getFirst().argv());
        assertEquals(
                List.of(
                        "docker",
                        "secret",
                        "create",
                        "--label",
                        "io.wpstack.stack=e2ebk",
                        "e2ebk_restore_from_pass",
                        "-"),
                runs.get(1).argv());
        assertEquals("s3cret-pass", runs.get(1).input());
        assertEquals(
                List.of("docker", "secret", "rm", "e2ebk_restore_from_pass"),
                runs.getLast().argv());
        var jobs = jobs(plan);
        for (var job : jobs) {
            boolean reads = job.create().contains("verify") || job.create().contains("restore");
            assertEquals(
                    reads,
                    job.create().contains("WPSTACK_RESTORE_FROM=rest:http://192.0.2.9:8000/site"),
                    job.service());
            assertEquals(
                    reads,
                    job.create().contains("source=e2ebk_restore_from_pass,target=restore_from_pass"),
                    job.service());
        }
        assertTrue(
                jobs.get(1).service().contains("backup-backup"), "the safety snapshot goes to the stack's repository");
        assertFalse(plan.toString().contains("s3cret-pass"), "the password shows in no description");
        var bad = assertThrows(UsageException.class, () -> new BackupPlans.Source("/srv/restic", "x"));
        assertTrue(bad.getMessage().contains("\"/srv/restic\" is not a restic repository"), bad.getMessage());
        assertThrows(UsageException.class, () -> new BackupPlans.Source("rest:http://h:1/", ""));
        var lonely = assertThrows(
                UsageException.class, () -> RestoreCommand.source(null, java.nio.file.Path.of("/tmp/pass"), null));
        assertTrue(lonely.getMessage().contains("give both"), lonely.getMessage());
        var missing = assertThrows(
                UsageException.class,
                () -> RestoreCommand.source("rest:http://h:1/", java.nio.file.Path.of("/nonexistent/pass"), null));
        assertTrue(
                missing.getMessage().contains("cannot read --password-file /nonexistent/pass"), missing.getMessage());
    }

    @Test
    void restoreFromARepositoryWithCredentialsGivesTheReadingJobsTheirSecretAndRemovesItAtTheEnd() {
        var credentials = RepositoryCredentials.parse(
                "--credentials-file /root/offsite.env", "RESTIC_REST_USERNAME=site\nRESTIC_REST_PASSWORD=k3y\n");
        var source = new BackupPlans.Source("rest:http://192.0.2.9:8000/site", "s3cret-pass", Optional.of(credentials));
        var plan = restoreFrom(source);
        var runs = runs(plan);
        assertEquals(
                List.of("docker", "secret", "rm", "e2ebk_restore_from_env"),
                runs.get(2).argv());
        assertEquals(
                List.of(
                        "docker",
                        "secret",
                        "create",
                        "--label",
                        "io.wpstack.stack=e2ebk",
                        "e2ebk_restore_from_env",
                        "-"),
                runs.get(3).argv());
        assertEquals(credentials.text(), runs.get(3).input());
        assertEquals(
                List.of("docker", "secret", "rm", "e2ebk_restore_from_env"),
                runs.getLast().argv());
        for (var job : jobs(plan)) {
            boolean reads = job.create().contains("verify") || job.create().contains("restore");
            assertEquals(
                    reads,
                    job.create().contains("source=e2ebk_restore_from_env,target=restore_from_env"),
                    job.service());
        }
        assertFalse(plan.toString().contains("k3y"), "the credentials show in no description");
        assertFalse(source.toString().contains("k3y"), source.toString());
        var lonely = assertThrows(
                UsageException.class,
                () -> RestoreCommand.source(null, null, java.nio.file.Path.of("/root/offsite.env")));
        assertTrue(lonely.getMessage().contains("--credentials-file is for --from"), lonely.getMessage());
    }

    @Test
    void upBacksUpBeforeAServiceWithDataRunsAnotherImageWhenBackupsAreConfigured() {
        Map<String, String> scheduled = Map.of("BACKUP_INTERVAL", "24h", "BACKUP_REPOSITORY", "");
        Map<String, String> deployed = Map.of(
                "mariadb", "wpstack/mariadb:id-aaa",
                "wordpress", "wpstack/wordpress:id-bbb@sha256:0123");
        var upgrade = BackupPlans.beforeUpgrade(
                "wpstack",
                scheduled,
                false,
                Optional.of(BACKUP),
                deployed,
                Map.of("mariadb", "wpstack/mariadb:id-aaa", "wordpress", "wpstack/wordpress:id-ccc"),
                NOW);
        var jobs = jobs(upgrade);
        assertEquals(1, jobs.size(), upgrade.toString());
        assertEquals(
                List.of("backup", "upgrade"),
                jobs.getFirst()
                        .create()
                        .subList(
                                jobs.getFirst().create().size() - 2,
                                jobs.getFirst().create().size()));
        assertEquals(
                "backing up before upgrading wordpress (wpstack/wordpress:id-bbb -> wpstack/wordpress:id-ccc)",
                jobs.getFirst().description());
        assertTrue(
                jobs.getFirst().failure().contains("nothing was deployed"),
                jobs.getFirst().failure());
        assertTrue(
                jobs.getFirst().failure().contains("--no-backup"),
                jobs.getFirst().failure());

        Map<String, String> same = Map.of("mariadb", "wpstack/mariadb:id-aaa", "wordpress", "wpstack/wordpress:id-bbb");
        assertEquals(
                Plan.of(),
                BackupPlans.beforeUpgrade("wpstack", scheduled, false, Optional.of(BACKUP), deployed, same, NOW),
                "the same images (a digest docker pinned aside): nothing");
        assertEquals(
                Plan.of(),
                BackupPlans.beforeUpgrade("wpstack", scheduled, false, Optional.empty(), Map.of(), same, NOW),
                "a first up: nothing to back up");
        Map<String, String> newer =
                Map.of("mariadb", "wpstack/mariadb:id-ddd", "wordpress", "wpstack/wordpress:id-bbb");
        assertEquals(
                "--no-backup: no snapshot before upgrading mariadb (wpstack/mariadb:id-aaa -> wpstack/mariadb:id-ddd)",
                infos(BackupPlans.beforeUpgrade(
                        "wpstack", scheduled, true, Optional.of(BACKUP), deployed, newer, NOW)));
        assertTrue(infos(BackupPlans.beforeUpgrade(
                        "wpstack",
                        Map.of("BACKUP_INTERVAL", "off", "BACKUP_REPOSITORY", ""),
                        false,
                        Optional.of(BACKUP),
                        deployed,
                        newer,
                        NOW))
                .endsWith("backups are not configured (BACKUP_INTERVAL=off); ./wpstack backup takes one"));
        assertEquals(
                1,
                jobs(BackupPlans.beforeUpgrade(
                                "wpstack",
                                Map.of("BACKUP_INTERVAL", "off", "BACKUP_REPOSITORY", "s3:https://s3.example.com/b"),
                                false,
                                Optional.of(BACKUP),
                                deployed,
                                newer,
                                NOW))
                        .size(),
                "an off-node repository is configured backups too");
        assertTrue(infos(BackupPlans.beforeUpgrade("wpstack", scheduled, false, Optional.empty(), deployed, newer, NOW))
                .endsWith("the stack has no backup service yet"));
    }

    private static String infos(Plan plan) {
        return plan.steps().stream()
                .filter(Step.Info.class::isInstance)
                .map(step -> ((Step.Info) step).description())
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void aPointInTimeIsReadInTheMachinesZoneOrItsOwnOffsetAndNeverInTheFuture() {
        var paris = java.time.ZoneId.of("Europe/Paris");
        var now = Instant.parse("2026-12-02T12:00:00Z");
        assertEquals(
                "2026-12-01 13:05:00",
                PointInTime.parse("2026-12-01 14:05", paris, now).utc());
        assertEquals(
                "2026-12-01 13:05:30",
                PointInTime.parse("2026-12-01T14:05:30", paris, now).utc());
        assertEquals(
                "2026-12-01 14:05:00",
                PointInTime.parse("2026-12-01T14:05:00Z", paris, now).utc());
        assertEquals(
                "2026-12-01 12:05:00",
                PointInTime.parse(" 2026-12-01T14:05:00+02:00 ", paris, now).utc());
        var future = assertThrows(UsageException.class, () -> PointInTime.parse("2026-12-02 14:00", paris, now));
        assertTrue(future.getMessage().contains("is in the future"), future.getMessage());
        for (String bad : List.of("yesterday", "2026-13-01 10:00", "2026-12-01", "14:05")) {
            var error = assertThrows(UsageException.class, () -> PointInTime.parse(bad, paris, now), bad);
            assertTrue(error.getMessage().contains("\"" + bad + "\" is not a time"), error.getMessage());
            assertTrue(error.getMessage().contains("Europe/Paris"), error.getMessage());
        }
    }

    @Test
    void aRerunAfterAKilledRestoreWaitsForTheJobItLeftRunningAndRemovesItBeforeChangingAnything() {
        String left = "wpstack_backup-restore-20261202-140000";
        var steps = BackupPlans.restore(
                        "wpstack",
                        "latest",
                        Optional.empty(),
                        Optional.empty(),
                        List.of(left),
                        BACKUP,
                        WORDPRESS,
                        WORDPRESS,
                        "node1",
                        SITE,
                        NOW)
                .steps();
        assertEquals(new Step.Condition.JobEnded(left), ((Step.Await) steps.get(0)).condition());
        assertEquals(List.of("docker", "service", "rm", left), ((Step.Run) steps.get(1)).argv());
        assertEquals(
                List.of(
                        "docker",
                        "container",
                        "prune",
                        "--force",
                        "--filter",
                        "label=com.docker.swarm.service.name=" + left),
                ((Step.Run) steps.get(2)).argv(),
                "its ended container holds the stack's volumes");
        assertTrue(
                steps.get(3) instanceof Step.Job verify && verify.create().contains("verify"),
                steps.get(3).toString());
    }

    @Test
    void aRerunAfterAnInterruptedRestoreBringsBackTheReplicasTheFirstRunKept() {
        Json stopped = Json.parse(WORDPRESS
                .toString()
                .replace("\"Replicas\":1", "\"Replicas\":0")
                .replace("\"Labels\":{", "\"Labels\":{\"io.wpstack.restore-replicas\":\"3\","));
        assertEquals(3, BackupPlans.keptReplicas(stopped));
        assertEquals(1, BackupPlans.keptReplicas(WORDPRESS));
        Plan plan = restore("wpstack", "latest", Optional.empty(), BACKUP, stopped, WORDPRESS, "node1", SITE, NOW);
        assertTrue(
                plan.commands().stream().anyMatch(argv -> argv.containsAll(List.of("--replicas", "3"))),
                plan.toString());
    }

    @Test
    void aWordPressWithNoReplicaAndNoKeptCountIsAnError() {
        Json stopped = Json.parse(WORDPRESS.toString().replace("\"Replicas\":1", "\"Replicas\":0"));
        var e = assertThrows(
                WpstackException.class,
                () -> restore("wpstack", "latest", Optional.empty(), BACKUP, stopped, WORDPRESS, "node1", SITE, NOW));
        assertTrue(e.getMessage().contains("run ./wpstack up first"), e.getMessage());
    }

    @Test
    void aSnapshotThatIsNoIdIsAUsageErrorNamingIt() {
        var e = assertThrows(UsageException.class, () -> BackupPlans.snapshot("yesterday"));
        assertEquals(
                "\"yesterday\" is not a snapshot: give an id from ./wpstack backup list (hex digits) or latest",
                e.getMessage());
        assertThrows(UsageException.class, () -> BackupPlans.snapshot(null));
        assertEquals("latest", BackupPlans.snapshot("latest"));
        assertEquals("1a2b3c4d", BackupPlans.snapshot("1a2b3c4d"));
    }

    @Test
    void upWarnsThatTheDefaultRepositoryIsOnTheDataNodeOnly() {
        Plan local = BackupPlans.warnings("", "24h");
        assertEquals(1, local.steps().size());
        assertTrue(local.steps().getFirst().description().contains("not against losing the machine"));
        assertTrue(BackupPlans.warnings("sftp:backup@elsewhere:/srv/restic", "24h")
                .steps()
                .isEmpty());
    }

    @Test
    void restoresSiteComesFromTheWordPressServicesEnvironment() {
        var credentials = new Credentials(Map.of("wp_admin_user", "admin-abc", "wp_admin_pass", "pw"));
        var site = RestoreCommand.site(
                List.of("WPSTACK_SITE_URL=", "WPSTACK_SITE_HOSTS=192.0.2.2 vm localhost", "WPSTACK_SITE_SCHEME=https"),
                credentials);
        assertEquals("192.0.2.2", site.host());
        assertEquals("https", site.scheme());
        assertEquals("admin-abc", site.form().get("user_name"));
        var fixed = RestoreCommand.site(
                List.of("WPSTACK_SITE_URL=https://blog.example/", "WPSTACK_SITE_HOSTS=x"), credentials);
        assertEquals("blog.example", fixed.host());
        assertFalse(site.toString().contains("pw"));
    }

    /** A restore from the stack's own repository, with no job left by an earlier one. */
    private static Plan restore(
            String stack,
            String snapshot,
            Optional<PointInTime> to,
            Json service,
            Json wordpress,
            Json cronService,
            String caddyNode,
            BackupPlans.Site site,
            Instant now) {
        return BackupPlans.restore(
                stack,
                snapshot,
                to,
                Optional.empty(),
                List.of(),
                service,
                wordpress,
                cronService,
                caddyNode,
                site,
                now);
    }

    /** restore latest of stack e2ebk from SOURCE, with no job left by an earlier one. */
    private static Plan restoreFrom(BackupPlans.Source source) {
        return BackupPlans.restore(
                "e2ebk",
                "latest",
                Optional.empty(),
                Optional.of(source),
                List.of(),
                BACKUP,
                WORDPRESS,
                WORDPRESS,
                "node1",
                SITE,
                NOW);
    }

    private static List<Step.Run> runs(Plan plan) {
        return plan.steps().stream()
                .filter(Step.Run.class::isInstance)
                .map(Step.Run.class::cast)
                .toList();
    }
}

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
        Plan plan = BackupPlans.restore("wpstack", "1a2b3c4d", BACKUP, WORDPRESS, WORDPRESS, "node1", SITE, NOW);
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
                        "--detach=false --replicas 0 --label-add io.wpstack.restore-replicas=1 wpstack_wordpress",
                        "--detach=false --replicas 0 --label-add io.wpstack.restore-replicas=1 wpstack_cron",
                        "restore",
                        "--detach --replicas 1 --label-rm io.wpstack.restore-replicas wpstack_wordpress",
                        "--detach --replicas 1 --label-rm io.wpstack.restore-replicas wpstack_cron",
                        "maintenance"),
                order);
        var awaits = plan.steps().stream()
                .filter(Step.Await.class::isInstance)
                .map(step -> ((Step.Await) step).condition().getClass().getSimpleName())
                .toList();
        assertEquals(List.of("StackConverged", "WordPressInstalled"), awaits);
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
    void aRerunAfterAnInterruptedRestoreBringsBackTheReplicasTheFirstRunKept() {
        Json stopped = Json.parse(WORDPRESS
                .toString()
                .replace("\"Replicas\":1", "\"Replicas\":0")
                .replace("\"Labels\":{", "\"Labels\":{\"io.wpstack.restore-replicas\":\"3\","));
        assertEquals(3, BackupPlans.keptReplicas(stopped));
        assertEquals(1, BackupPlans.keptReplicas(WORDPRESS));
        Plan plan = BackupPlans.restore("wpstack", "latest", BACKUP, stopped, WORDPRESS, "node1", SITE, NOW);
        assertTrue(
                plan.commands().stream().anyMatch(argv -> argv.containsAll(List.of("--replicas", "3"))),
                plan.toString());
    }

    @Test
    void aWordPressWithNoReplicaAndNoKeptCountIsAnError() {
        Json stopped = Json.parse(WORDPRESS.toString().replace("\"Replicas\":1", "\"Replicas\":0"));
        var e = assertThrows(
                WpstackException.class,
                () -> BackupPlans.restore("wpstack", "latest", BACKUP, stopped, WORDPRESS, "node1", SITE, NOW));
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
}

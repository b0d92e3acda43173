package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.testkit.CommandResult;
import io.wpstack.testkit.DockerCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Backups as a user takes them: ./wpstack backup of a site with posts, a comment, a user, binary
 * uploads and an active plugin, changes made, ./wpstack restore, and everything back byte for byte
 * and row for row, with the site served through Caddy (503 with a plain page while it restores).
 * Then the safety snapshot undoes the restore, and bad input changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
@ResourceLock(Lanes.ONE)
class BackupIT {
    private static final String STACK = "e2ebk";
    private static final int HTTP_PORT = 18580;
    private static final String NODE = DockerCli.check("info", "--format", "{{.Swarm.NodeAddr}}");
    private static final String SITE = "http://" + NODE + ":" + HTTP_PORT;
    private static final String CONTENT = "/var/lib/wordpress/wp-content";
    /** The off-node repository server of the disaster test, and its port on this host. */
    private static final String OFFSITE = "e2ebk-offsite-restic";
    /** The offsite REST server's basic auth password (a throwaway of this run). */
    private static final String OFFSITE_PASS = "offsite-" + Long.toHexString(System.nanoTime());

    private static final int OFFSITE_PORT = 18589;
    private static final Pattern SAFETY = Pattern.compile("safety snapshot ([0-9a-f]{8,64}):");

    private final Path work = Path.of("target", "e2e").toAbsolutePath();
    private Wpstack wpstack;
    private Map<String, String> credentials;
    private Web admin;
    private String nonce;
    private long postId;
    private final String postTitle = "backed-up post " + System.nanoTime();
    private String safetySnapshot;

    @BeforeAll
    void deploy() throws IOException {
        Files.createDirectories(work);
        wpstack = new Wpstack(Map.of(
                "WPSTACK_STACK",
                STACK,
                "WPSTACK_HTTP_PORT",
                String.valueOf(HTTP_PORT),
                "WPSTACK_ADMINER_PORT",
                "18588",
                "WPSTACK_HTTPS_PORT",
                "18543",
                "WPSTACK_CREDENTIALS",
                work.resolve("credentials-" + STACK).toString()));
        wpstack.run("down", "--purge");
        CommandResult up = wpstack.run("up");
        assertEquals(0, up.exitCode(), up.output() + up.error());
        assertTrue(
                up.error().contains("not against losing the machine"),
                "up says where the default repository is: " + up.error());
        credentials = wpstack.credentials();
        admin = Web.anonymous();
        nonce = admin.logInToWordPress(SITE, credentials.get("wp_admin_user"), credentials.get("wp_admin_pass"));
    }

    @AfterAll
    void removeStack() {
        if (wpstack != null) {
            CommandResult down = wpstack.run("down", "--purge");
            assertEquals(0, down.exitCode(), down.error());
        }
    }

    @Test
    @Order(1)
    void credentialsWarnThatWithoutTheRepositoryPasswordTheBackupsCannotBeRead() {
        CommandResult printed = wpstack.run("credentials");
        assertEquals(0, printed.exitCode(), printed.error());
        assertTrue(printed.output().contains("backup_repo_pass="), printed.output());
        assertTrue(printed.error().contains("without it the backups cannot be read"), printed.error());
    }

    @Test
    @Order(2)
    void aRestoreBringsBackEveryUploadByteForByteEveryRowAndThePlugin() throws Exception {
        // 1. Content: a post, a comment, a user, two binary uploads of several MB, a plugin.
        postId = created(
                rest("/wp/v2/posts", "{\"title\":\"" + postTitle + "\",\"content\":\"kept\",\"status\":\"publish\"}"));
        created(rest("/wp/v2/comments", "{\"post\":" + postId + ",\"content\":\"a comment to keep\"}"));
        created(rest(
                "/wp/v2/users",
                "{\"username\":\"editor1\",\"email\":\"editor1@example.com\",\"password\":\"Pw-" + System.nanoTime()
                        + "\",\"roles\":[\"editor\"]}"));
        long firstUpload = upload("first.zip", 3_000_000);
        upload("second.zip", 5_000_000);
        installPlugin();
        HttpResponse<String> activated = admin.postJson(
                SITE + "/?rest_route=/wp/v2/plugins/e2e-backup-marker/e2e-backup-marker",
                "{\"status\":\"active\"}",
                "X-WP-Nonce",
                nonce);
        assertEquals(200, activated.statusCode(), activated.body());
        assertTrue(Web.anonymous().get(SITE + "/").body().contains("e2e-backup-marker-active"));
        // WP-cron writes options and post meta whenever it runs: stopped, so that what was backed up is
        // what is compared (restore brings the cron service back as it found it).
        DockerCli.check("service", "scale", "--detach=false", STACK + "_cron=0");
        Map<String, String> filesBefore = contentHashes();
        Map<String, String> tablesBefore = tableChecksums();

        // 2. Back up.
        CommandResult backup = wpstack.run(Duration.ofMinutes(5), "backup");
        assertEquals(0, backup.exitCode(), backup.output() + backup.error());
        String shown = backup.output() + backup.error();
        assertTrue(shown.matches("(?s).*snapshot [0-9a-f]{8} saved.*"), shown);
        assertTrue(shown.contains("Added to the repository"), shown);
        CommandResult list = wpstack.run("backup", "list");
        assertEquals(0, list.exitCode(), list.error());
        assertTrue(list.output().contains("manual"), list.output());
        assertTrue(list.output().matches("(?s).*wordpress=6\\.\\d.*"), "the WordPress version: " + list.output());

        // 3. Delete and change things.
        assertEquals(
                200,
                admin.postJson(
                                SITE + "/?rest_route=/wp/v2/posts/" + postId + "&force=true",
                                "{}",
                                "X-WP-Nonce",
                                nonce,
                                "X-HTTP-Method-Override",
                                "DELETE")
                        .statusCode());
        assertEquals(
                200,
                admin.postJson(
                                SITE + "/?rest_route=/wp/v2/media/" + firstUpload + "&force=true",
                                "{}",
                                "X-WP-Nonce",
                                nonce,
                                "X-HTTP-Method-Override",
                                "DELETE")
                        .statusCode());
        assertEquals(
                200,
                admin.postJson(
                                SITE + "/?rest_route=/wp/v2/settings",
                                "{\"title\":\"changed after the backup\"}",
                                "X-WP-Nonce",
                                nonce)
                        .statusCode());
        assertEquals(
                200,
                admin.postJson(
                                SITE + "/?rest_route=/wp/v2/plugins/e2e-backup-marker/e2e-backup-marker",
                                "{\"status\":\"inactive\"}",
                                "X-WP-Nonce",
                                nonce)
                        .statusCode());
        wordpress("sh", "-c", "echo junk > " + CONTENT + "/uploads/added-after-the-backup.txt");
        assertNotEquals(filesBefore, contentHashes());
        assertNotEquals(tablesBefore, tableChecksums());

        // 4. Restore, watching the site meanwhile.
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicBoolean restoring = new AtomicBoolean(true);
        AtomicBoolean maintenancePage = new AtomicBoolean();
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (restoring.get()) {
                try {
                    HttpResponse<String> page = Web.anonymous().get(SITE + "/?watch");
                    statuses.merge(page.statusCode(), 1, Integer::sum);
                    if (page.statusCode() == 503 && page.body().contains("being restored from a backup")) {
                        maintenancePage.set(true);
                    }
                    Thread.sleep(250);
                } catch (IOException e) {
                    statuses.merge(0, 1, Integer::sum);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        CommandResult restore = wpstack.run(Duration.ofMinutes(10), "restore", "latest", "--yes");
        restoring.set(false);
        watcher.join();
        assertEquals(0, restore.exitCode(), restore.output() + restore.error());
        System.out.println("requests during the restore, by status (0: no answer): " + statuses);
        assertTrue(maintenancePage.get(), "Caddy answered 503 with the maintenance page: " + statuses);
        Matcher safety = SAFETY.matcher(restore.output() + restore.error());
        assertTrue(safety.find(), "restore names its safety snapshot: " + restore.error());
        safetySnapshot = safety.group(1);

        // 5. Everything back.
        assertEquals(filesBefore, contentHashes(), "every file of wp-content, by sha256");
        assertEquals(tablesBefore, tableChecksums(), "every WordPress table, by its rows");
        HttpResponse<String> home = Web.anonymous().get(SITE + "/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("e2e-backup-marker-active"), "the plugin is active again");
        HttpResponse<String> post = Web.anonymous().get(SITE + "/?rest_route=/wp/v2/posts/" + postId);
        assertEquals(200, post.statusCode(), post.body());
        assertTrue(post.body().contains(postTitle));
        assertEquals(
                "",
                DockerCli.check(
                                "exec",
                                container("caddy"),
                                "sh",
                                "-c",
                                "ls /data/wpstack-maintenance 2>/dev/null || true")
                        .strip(),
                "the maintenance ended");
        assertEquals(0, statuses.getOrDefault(0, 0), "Caddy answered every request during the restore: " + statuses);
    }

    @Test
    @Order(3)
    void theSafetySnapshotUndoesTheRestore() {
        assertTrue(safetySnapshot != null, "the restore above named its safety snapshot");
        CommandResult undo = wpstack.run(Duration.ofMinutes(10), "restore", safetySnapshot, "--yes");
        assertEquals(0, undo.exitCode(), undo.output() + undo.error());
        assertEquals(
                "",
                DockerCli.check(
                                "exec",
                                mariadb(),
                                "mariadb",
                                "-N",
                                "-B",
                                "-uroot",
                                "-p" + credentials.get("db_root_pass"),
                                "wordpress",
                                "-e",
                                "SELECT ID FROM wp_posts WHERE ID = " + postId)
                        .strip(),
                "the post deleted before the first restore is gone again");
        assertEquals(
                "changed after the backup", sql("SELECT option_value FROM wp_options WHERE option_name = 'blogname'"));
    }

    @Test
    @Order(4)
    void aRestoreToAPointInTimeReplaysTheBinaryLogAfterTheSnapshotUpToThatSecond() throws Exception {
        // 1. Post A, then a snapshot; 2. post B, the time noted, then post C.
        String a = "pitr A " + System.nanoTime();
        String b = "pitr B " + System.nanoTime();
        String c = "pitr C " + System.nanoTime();
        created(rest("/wp/v2/posts", "{\"title\":\"" + a + "\",\"status\":\"publish\"}"));
        CommandResult backup = wpstack.run(Duration.ofMinutes(5), "backup");
        assertEquals(0, backup.exitCode(), backup.output() + backup.error());
        created(rest("/wp/v2/posts", "{\"title\":\"" + b + "\",\"status\":\"publish\"}"));
        Thread.sleep(1_100);
        // The time as a user would write it: the machine's zone, to the second.
        String time = java.time.LocalDateTime.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString()
                .replace('T', ' ');
        Thread.sleep(1_100);
        created(rest("/wp/v2/posts", "{\"title\":\"" + c + "\",\"status\":\"publish\"}"));
        assertEquals("3", sql(titled(a, b, c)));

        // 3. Restore to that time.
        long started = System.nanoTime();
        CommandResult restore = wpstack.run(Duration.ofMinutes(10), "restore", "--to", time, "--yes");
        System.out.printf(
                "restore --to (snapshot, then the binary log) took %d s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        String shown = restore.output() + restore.error();
        assertEquals(0, restore.exitCode(), shown);
        assertTrue(shown.matches("(?s).*the binary log from binlog\\.\\d+:\\d+ until .*"), shown);

        // 4. A and B are there, C is not; the site serves them.
        assertEquals("1", sql(titled(a)), "A, from the snapshot");
        assertEquals("1", sql(titled(b)), "B, from the binary log");
        assertEquals("0", sql(titled(c)), "C was written after the time");
        assertTrue(Web.anonymous().get(SITE + "/?s=pitr+B").body().contains(b));

        // The same, past what was written: everything back, C too (the restore shipped the log first).
        CommandResult now = wpstack.run(
                Duration.ofMinutes(10),
                "restore",
                "--to",
                java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString(),
                "--yes");
        assertEquals(0, now.exitCode(), now.output() + now.error());
        assertEquals("0", sql(titled(c)), "C was written after the restore above undid it: the log has it deleted");
        assertEquals("1", sql(titled(b)));
    }

    @Test
    @Order(5)
    void badInputIsNamedAndChangesNothing() throws IOException {
        String before = sql("SELECT COUNT(*) FROM wp_posts");
        CommandResult unknown = wpstack.run("restore", "deadbeef", "--yes");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.error().contains("no snapshot deadbeef"), unknown.error());
        assertTrue(unknown.error().contains("the newest are"), unknown.error());
        CommandResult notHex = wpstack.run("restore", "yesterday", "--yes");
        assertEquals(2, notHex.exitCode(), notHex.error());
        assertTrue(notHex.error().contains("\"yesterday\" is not a snapshot"), notHex.error());
        CommandResult tooEarly = wpstack.run(Duration.ofMinutes(5), "restore", "--to", "2020-01-01 00:00", "--yes");
        assertNotEquals(0, tooEarly.exitCode());
        assertTrue(
                tooEarly.error().contains("no snapshot of stack " + STACK + " was taken before 20"),
                tooEarly.output() + tooEarly.error());
        assertTrue(tooEarly.error().contains("nothing was changed"), tooEarly.error());
        CommandResult future = wpstack.run("restore", "--to", "2999-01-01 00:00", "--yes");
        assertEquals(2, future.exitCode(), future.error());
        assertTrue(future.error().contains("is in the future"), future.error());
        CommandResult notATime = wpstack.run("restore", "--to", "yesterday", "--yes");
        assertEquals(2, notATime.exitCode(), notATime.error());
        assertTrue(notATime.error().contains("\"yesterday\" is not a time"), notATime.error());
        CommandResult unconfirmed = wpstack.run("restore", "latest");
        assertEquals(2, unconfirmed.exitCode(), unconfirmed.error());
        assertTrue(unconfirmed.error().contains("confirm with --yes"), unconfirmed.error());
        assertEquals(before, sql("SELECT COUNT(*) FROM wp_posts"));
        assertEquals(200, Web.anonymous().get(SITE + "/").statusCode());
        CommandResult check = wpstack.run(Duration.ofMinutes(5), "backup", "check");
        assertEquals(0, check.exitCode(), check.output() + check.error());
        assertTrue(check.error().contains("no errors"), check.error());
    }

    @Test
    @Order(6)
    void theServiceReportsTheRepositoryThenTakesAndChecksAScheduledBackupWhenAScheduleIsSet() {
        // Development: no schedule, but the repository's snapshots are reported (refreshed every minute).
        int snapshots = snapshotIds().size();
        assertTrue(snapshots >= 3, "the manual backup and two safety snapshots: " + snapshots);
        Map<String, Double> off = pollMetrics(
                "the snapshots of the list", m -> Double.valueOf(snapshots).equals(m.get("snapshots")));
        assertEquals(0.0, off.get("interval_seconds"));
        assertEquals(1.0, off.get("repository_up"));
        assertFalse(off.containsKey("last_run_success"), "no scheduled run yet: " + off);

        // A schedule set: the service takes a scheduled backup at once (none in the repository), then a check.
        CommandResult up = wpstack.with("WPSTACK_BACKUP_INTERVAL", "24h").run("up");
        assertEquals(0, up.exitCode(), up.output() + up.error());
        Map<String, Double> on = pollMetrics(
                "a scheduled backup and a check",
                m -> m.containsKey("last_run_success") && m.containsKey("last_check_success"));
        System.out.println("backup service metrics after its first scheduled run: " + on);
        assertEquals(86_400.0, on.get("interval_seconds"));
        assertEquals(1.0, on.get("last_run_success"), on.toString());
        assertEquals(1.0, on.get("last_check_success"), on.toString());
        assertEquals(snapshots + 1, snapshotIds().size());
        assertEquals(snapshots + 1.0, on.get("snapshots"));
        assertTrue(on.get("last_snapshot_processed_bytes") > 5_000_000, "the 5 MB upload and the dump: " + on);
        assertTrue(
                Math.abs(System.currentTimeMillis() / 1000.0 - on.get("last_snapshot_timestamp_seconds")) < 300,
                on.toString());
        CommandResult list = wpstack.run("backup", "list");
        assertTrue(list.output().contains("scheduled"), list.output());
    }

    @Test
    @Order(7)
    void aBackupWhileAWriterAddsPostsIsConsistentAndTheSiteServesEveryRequestMeanwhile() throws Exception {
        // The writer: post i, then a comment on it, one after the other; a consistent snapshot holds a prefix
        // of these writes (across two tables), never a later one without an earlier one.
        List<long[]> written = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        String run = "load" + System.nanoTime();
        AtomicBoolean writing = new AtomicBoolean(true);
        var writerFailure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; writing.get(); i++) {
                    long post = created(rest(
                            "/wp/v2/posts",
                            "{\"title\":\"" + run + " " + i + "\",\"content\":\"under load\",\"status\":\"publish\"}"));
                    long comment = created(
                            rest("/wp/v2/comments", "{\"post\":" + post + ",\"content\":\"comment " + i + "\"}"));
                    written.add(new long[] {post, comment});
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        });
        // The reader: the home page through Caddy, as visitors ask for it, its latency kept by phase.
        var phase = new java.util.concurrent.atomic.AtomicReference<String>("rest");
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        Map<String, Integer> failed = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = Thread.ofVirtual().start(() -> {
            while (reading.get()) {
                String now = phase.get();
                long started = System.nanoTime();
                int status;
                try {
                    status = Web.anonymous().get(SITE + "/?load").statusCode();
                } catch (IOException e) {
                    status = 0;
                }
                latencies
                        .computeIfAbsent(now, k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
                        .add(System.nanoTime() - started);
                if (status != 200) {
                    failed.merge(now, 1, Integer::sum);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Thread.sleep(20_000);
        phase.set("backup");
        CommandResult backup = wpstack.run(Duration.ofMinutes(5), "backup");
        phase.set("after");
        Thread.sleep(3_000);
        writing.set(false);
        writer.join();
        reading.set(false);
        reader.join();
        assertEquals(0, backup.exitCode(), backup.output() + backup.error());
        assertEquals(null, writerFailure.get(), "the writer wrote throughout");
        Matcher saved = Pattern.compile("snapshot ([0-9a-f]{8}) saved").matcher(backup.output() + backup.error());
        assertTrue(saved.find(), backup.output() + backup.error());
        System.out.printf(
                "through Caddy, at rest with the writer: p50 %.0f ms, p99 %.0f ms (%d requests); during the"
                        + " backup: p50 %.0f ms, p99 %.0f ms (%d requests); failed by phase: %s; posts written: %d%n",
                percentile(latencies.get("rest"), 50),
                percentile(latencies.get("rest"), 99),
                latencies.get("rest").size(),
                percentile(latencies.get("backup"), 50),
                percentile(latencies.get("backup"), 99),
                latencies.get("backup").size(),
                failed,
                written.size());
        assertEquals(Map.of(), failed, "no failed request through Caddy");
        assertTrue(latencies.get("backup").size() > 10, "the reader read during the backup");

        // Restore that snapshot: the database is consistent, and holds a prefix of the writes.
        CommandResult restore = wpstack.run(Duration.ofMinutes(10), "restore", saved.group(1), "--yes");
        assertEquals(0, restore.exitCode(), restore.output() + restore.error());
        String check = DockerCli.check(
                "exec",
                mariadb(),
                "mariadb-check",
                "-uroot",
                "-p" + credentials.get("db_root_pass"),
                "--databases",
                "wordpress");
        assertTrue(
                check.lines().allMatch(line -> line.strip().endsWith("OK")) && check.contains("wp_posts"),
                "mariadb-check is clean: " + check);
        java.util.Set<Long> posts = new java.util.HashSet<>();
        for (String id : sql("SELECT ID FROM wp_posts WHERE post_title LIKE '" + run + " %'")
                .split("\\s+")) {
            if (!id.isEmpty()) {
                posts.add(Long.parseLong(id));
            }
        }
        java.util.Set<Long> comments = new java.util.HashSet<>();
        for (String id : sql("SELECT comment_ID FROM wp_comments WHERE comment_post_ID IN (SELECT ID FROM wp_posts"
                        + " WHERE post_title LIKE '" + run + " %')")
                .split("\\s+")) {
            if (!id.isEmpty()) {
                comments.add(Long.parseLong(id));
            }
        }
        // The writes in order (post 0, comment 0, post 1, ...): the restored ones are the first k of them.
        List<Boolean> present = new java.util.ArrayList<>();
        for (long[] pair : written) {
            present.add(posts.contains(pair[0]));
            present.add(comments.contains(pair[1]));
        }
        int prefix = present.indexOf(false) < 0 ? present.size() : present.indexOf(false);
        assertTrue(prefix > 0, "the snapshot holds some of the writes: " + present);
        assertTrue(present.subList(prefix, present.size()).stream().noneMatch(b -> b), "a prefix: " + present);
        assertTrue(prefix < present.size(), "the writes after the backup are not in it: " + present);
        System.out.printf(
                "restored: the first %d of %d writes (posts and their comments), mariadb-check clean%n",
                prefix, present.size());
    }

    private static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    @Test
    @Order(8)
    void aRestoreKilledHalfwayCompletesWhenRunAgain() throws Exception {
        DockerCli.check("service", "scale", "--detach=false", STACK + "_cron=0");
        CommandResult backup = wpstack.run(Duration.ofMinutes(5), "backup");
        assertEquals(0, backup.exitCode(), backup.output() + backup.error());
        Matcher saved = Pattern.compile("snapshot ([0-9a-f]{8}) saved").matcher(backup.output() + backup.error());
        assertTrue(saved.find(), backup.output() + backup.error());
        Map<String, String> filesBefore = contentHashes();
        Map<String, String> tablesBefore = tableChecksums();
        wordpress("sh", "-c", "echo junk > " + CONTENT + "/uploads/added-before-the-killed-restore.txt");
        sql("DELETE FROM wp_comments");

        // kill -9 of the CLI (and the programs it runs) once the restore job started.
        Process restore = wpstack.start("restore", saved.group(1), "--yes");
        var lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(restore.getErrorStream(), java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith("==> restoring snapshot")) {
                break;
            }
        }
        assertTrue(seen.toString().contains("==> restoring snapshot"), seen.toString());
        Thread.sleep(1_000);
        restore.descendants().forEach(ProcessHandle::destroyForcibly);
        restore.destroyForcibly();
        restore.waitFor();
        assertEquals(503, Web.anonymous().get(SITE + "/").statusCode(), "the site stays in maintenance");

        CommandResult again = wpstack.run(Duration.ofMinutes(15), "restore", saved.group(1), "--yes");
        String shown = again.output() + again.error();
        assertEquals(0, again.exitCode(), shown);
        assertTrue(shown.contains("left running by a stopped backup or restore"), shown);
        DockerCli.check("service", "scale", "--detach=false", STACK + "_cron=0");
        assertEquals(filesBefore, contentHashes(), "every file of wp-content, by sha256");
        assertEquals(tablesBefore, tableChecksums(), "every WordPress table, by its rows");
        assertEquals(200, Web.anonymous().get(SITE + "/").statusCode());
    }

    @Test
    @Order(9)
    void anUnreachableRepositoryFailsTheBackupNamingItAndTheSiteServesOn() throws IOException {
        String nowhere = "rest:http://127.0.0.1:9/e2e";
        // The user's setting of how long to wait for it (90 s by default), short here: the test's minutes.
        Wpstack unreachable = wpstack.with("WPSTACK_BACKUP_INTERVAL", "24h")
                .with("WPSTACK_BACKUP_REPOSITORY", nowhere)
                .with("WPSTACK_BACKUP_REACH_TIMEOUT", "15s");
        CommandResult up = unreachable.run("up");
        assertEquals(0, up.exitCode(), up.output() + up.error());
        long started = System.nanoTime();
        CommandResult backup = unreachable.run(Duration.ofMinutes(5), "backup");
        System.out.printf(
                "./wpstack backup to an unreachable repository gave up after %d s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertNotEquals(0, backup.exitCode());
        assertTrue(
                backup.error().contains("the repository " + nowhere + " did not answer within 15 s"),
                backup.output() + backup.error());
        Map<String, Double> metrics = pollMetrics(
                "the repository down and the scheduled backup failed",
                m -> Double.valueOf(0).equals(m.get("repository_up")) && m.containsKey("last_run_success"));
        assertEquals(0.0, metrics.get("last_run_success"), metrics.toString());
        assertEquals(200, Web.anonymous().get(SITE + "/").statusCode(), "the site serves on");
    }

    @Test
    @Order(10)
    void aLostMachineComesBackOnAFreshStackFromTheOffNodeRepositoryWithItsUrlPasswordAndCredentials() throws Exception {
        // Another machine: a restic REST server (rclone serve restic, from the backup image) outside the swarm,
        // reached by this host's address as the data node reaches any other machine.
        String image = DockerCli.check(
                        "service",
                        "inspect",
                        STACK + "_backup",
                        "--format",
                        "{{.Spec.TaskTemplate.ContainerSpec.Image}}")
                .strip();
        DockerCli.run("rm", "--force", OFFSITE);
        DockerCli.check(
                "run",
                "--detach",
                "--name",
                OFFSITE,
                "--publish",
                OFFSITE_PORT + ":8000",
                "--entrypoint",
                "rclone",
                image,
                "serve",
                "restic",
                "--addr",
                ":8000",
                "--user",
                "offsite",
                "--pass",
                OFFSITE_PASS,
                "/srv/restic");
        try {
            String repository = "rest:http://" + NODE + ":" + OFFSITE_PORT + "/" + STACK;
            // What the server wants besides the repository's password: a file of the operator's, a secret of the job.
            Path offsiteCredentials = work.resolve("offsite-credentials.env");
            Files.writeString(
                    offsiteCredentials,
                    "# the offsite server's user\nRESTIC_REST_USERNAME=offsite\nRESTIC_REST_PASSWORD=" + OFFSITE_PASS
                            + "\n");
            Files.setPosixFilePermissions(
                    offsiteCredentials, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Wpstack offsite = wpstack.with("WPSTACK_BACKUP_REPOSITORY", repository)
                    .with("WPSTACK_BACKUP_REPOSITORY_CREDENTIALS", offsiteCredentials.toString());
            CommandResult up = offsite.run("up");
            assertEquals(0, up.exitCode(), up.output() + up.error());
            assertFalse(
                    up.error().contains("not against losing the machine"), "no warning off the node: " + up.error());
            String title = "survives the machine " + System.nanoTime();
            created(rest("/wp/v2/posts", "{\"title\":\"" + title + "\",\"status\":\"publish\"}"));
            upload("offsite-1.zip", 2_000_000);
            upload("offsite-2.zip", 1_000_000);
            DockerCli.check("service", "scale", "--detach=false", STACK + "_cron=0");
            Map<String, String> filesBefore = contentHashes();
            Map<String, String> tablesBefore = tableChecksums();
            tablesBefore.remove("wp_options");
            CommandResult backup = offsite.run(Duration.ofMinutes(5), "backup");
            assertEquals(0, backup.exitCode(), backup.output() + backup.error());
            // What the operator kept apart: the repository's URL and password (the credentials file).
            Path password = work.resolve("offsite-password");
            Files.writeString(password, credentials.get("backup_repo_pass") + "\n");
            Path wrong = work.resolve("offsite-wrong-password");
            Files.writeString(wrong, "not-the-password\n");

            // The machine lost: stack, volumes, secrets and credentials gone; a new one deployed as a newcomer does.
            CommandResult purge = wpstack.run("down", "--purge");
            assertEquals(0, purge.exitCode(), purge.output() + purge.error());
            CommandResult fresh = wpstack.run("up");
            assertEquals(0, fresh.exitCode(), fresh.output() + fresh.error());
            credentials = wpstack.credentials();
            assertEquals("0", sql(titled(title)));

            CommandResult noCredentials = restoreFrom(repository, password);
            assertNotEquals(0, noCredentials.exitCode());
            assertTrue(
                    noCredentials
                            .error()
                            .contains("the repository " + repository + " refused the credentials it was given"),
                    noCredentials.output() + noCredentials.error());
            assertTrue(noCredentials.error().contains("--credentials-file of restore --from"), noCredentials.error());
            assertEquals("0", sql(titled(title)), "nothing was restored");
            CommandResult refused = restoreFrom(repository, wrong, "--credentials-file", offsiteCredentials.toString());
            assertNotEquals(0, refused.exitCode());
            assertTrue(
                    refused.error().contains("wrong password for the repository " + repository),
                    refused.output() + refused.error());
            assertTrue(refused.error().contains("nothing was changed"), refused.error());
            CommandResult noPassword = wpstack.run("restore", "latest", "--from", repository, "--yes");
            assertEquals(2, noPassword.exitCode(), noPassword.error());
            assertTrue(noPassword.error().contains("--password-file FILE"), noPassword.error());

            long started = System.nanoTime();
            CommandResult restore =
                    restoreFrom(repository, password, "--credentials-file", offsiteCredentials.toString());
            System.out.printf(
                    "restore --from an off-node repository onto a fresh stack took %d s%n",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            assertEquals(0, restore.exitCode(), restore.output() + restore.error());
            DockerCli.check("service", "scale", "--detach=false", STACK + "_cron=0");
            assertEquals("1", sql(titled(title)));
            assertEquals(filesBefore, contentHashes(), "every file of wp-content, by sha256");
            Map<String, String> tablesAfter = tableChecksums();
            tablesAfter.remove("wp_options");
            assertEquals(tablesBefore, tablesAfter, "every WordPress table but wp_options, by its rows");
            assertTrue(Web.anonymous()
                    .get(SITE + "/?s=survives+the+machine")
                    .body()
                    .contains(title));
            assertEquals(
                    "",
                    DockerCli.check("secret", "ls", "--quiet", "--filter", "name=" + STACK + "_restore_from_pass")
                            .strip(),
                    "the password's secret is gone");
            assertEquals(
                    "",
                    DockerCli.check("secret", "ls", "--quiet", "--filter", "name=" + STACK + "_restore_from_env")
                            .strip(),
                    "the credentials' secret is gone");
        } finally {
            DockerCli.run("rm", "--force", "--volumes", OFFSITE);
        }
    }

    @Test
    @Order(11)
    void aRestoreTheDiskCannotHoldIsRefusedBeforeItChangesAnythingAndGoesThroughOnceThereIsRoom() throws Exception {
        // A data node whose wp_content is a small disk of its own (a tmpfs of 160 MB), the site deployed afresh on it.
        CommandResult purge = wpstack.run("down", "--purge");
        assertEquals(0, purge.exitCode(), purge.output() + purge.error());
        DockerCli.check(
                "volume",
                "create",
                "--driver",
                "local",
                "--opt",
                "type=tmpfs",
                "--opt",
                "device=tmpfs",
                "--opt",
                "o=size=160m",
                STACK + "_wp_content");
        CommandResult up = wpstack.run("up");
        assertEquals(0, up.exitCode(), up.output() + up.error());
        credentials = wpstack.credentials();
        assertTrue(wordpress("df", "--output=fstype", CONTENT).contains("tmpfs"), "wp-content is the small disk");
        String kept = CONTENT + "/uploads/kept-40mb.bin";
        wordpress("sh", "-c", "mkdir -p " + CONTENT + "/uploads && head -c 40000000 /dev/urandom > " + kept);
        String keptHash = wordpress("sha256sum", kept).split(" ")[0];
        CommandResult backup = wpstack.run(Duration.ofMinutes(5), "backup");
        assertEquals(0, backup.exitCode(), backup.output() + backup.error());

        // Since the snapshot: the upload gone, the disk filled up to 10 MB by another file.
        String filler = CONTENT + "/uploads/filler.bin";
        wordpress(
                "sh",
                "-c",
                "rm " + kept + " && free=$(df -B1 --output=avail " + CONTENT + " | tail -n 1) && head -c $((free -"
                        + " 10000000)) /dev/urandom > " + filler);
        DockerCli.check("service", "scale", "--detach=false", STACK + "_cron=0");
        String listing = "cd " + CONTENT + " && find . -type f -exec sha256sum {} + | sort -k2";
        String filesBefore = wordpress("sh", "-c", listing);
        int snapshots = snapshotIds().size();
        CommandResult refused = wpstack.run(Duration.ofMinutes(5), "restore", "latest", "--yes");
        assertNotEquals(0, refused.exitCode());
        assertTrue(
                refused.error().contains("not enough disk space on the data node to restore snapshot"),
                refused.output() + refused.error());
        assertTrue(refused.error().contains("nothing was changed"), refused.error());
        assertEquals(filesBefore, wordpress("sh", "-c", listing), "wp-content is untouched");
        assertEquals(snapshots, snapshotIds().size(), "not even a safety snapshot was taken");
        assertEquals(200, Web.anonymous().get(SITE + "/").statusCode(), "the site serves, not in maintenance");

        // Room made: the same restore goes through.
        wordpress("rm", filler);
        CommandResult restore = wpstack.run(Duration.ofMinutes(10), "restore", "latest", "--yes");
        assertEquals(0, restore.exitCode(), restore.output() + restore.error());
        assertEquals(keptHash, wordpress("sha256sum", kept).split(" ")[0], "the upload is back, byte for byte");
        assertEquals(200, Web.anonymous().get(SITE + "/").statusCode());
    }

    @Test
    @Order(12)
    void upBacksUpBeforeItUpgradesWordPressWhenBackupsAreConfiguredAndNotWithNoBackup() {
        String image = serviceImage("wordpress");
        // Another image of WordPress: the same one under another name is a change of the service all the same.
        String upgraded = "wpstack/wordpress:e2e-upgrade-" + Long.toHexString(System.nanoTime());
        DockerCli.check("tag", image, upgraded);
        try {
            Wpstack configured = wpstack.with("WPSTACK_BACKUP_INTERVAL", "24h");
            CommandResult scheduling = configured.run("up");
            assertEquals(0, scheduling.exitCode(), scheduling.output() + scheduling.error());
            assertFalse(
                    (scheduling.output() + scheduling.error()).contains("backing up before upgrading"),
                    "no image changed: no snapshot");

            CommandResult upgrade =
                    configured.with("WPSTACK_WORDPRESS_IMAGE", upgraded).run("up");
            String shown = upgrade.output() + upgrade.error();
            assertEquals(0, upgrade.exitCode(), shown);
            assertTrue(
                    shown.contains("backing up before upgrading wordpress (" + image + " -> " + upgraded + ")"), shown);
            var named = Pattern.compile("snapshot ([0-9a-f]{8,64}) before the upgrade: ./wpstack restore \\1 --yes")
                    .matcher(shown);
            assertTrue(named.find(), shown);
            CommandResult list = wpstack.run("backup", "list");
            assertEquals(0, list.exitCode(), list.error());
            assertTrue(
                    list.output()
                            .lines()
                            .anyMatch(line ->
                                    line.startsWith(named.group(1).substring(0, 8)) && line.contains("upgrade")),
                    list.output());
            assertEquals(upgraded, serviceImage("wordpress"));

            CommandResult back = configured.run("up", "--no-backup");
            String backShown = back.output() + back.error();
            assertEquals(0, back.exitCode(), backShown);
            assertTrue(
                    backShown.contains(
                            "--no-backup: no snapshot before upgrading wordpress (" + upgraded + " -> " + image + ")"),
                    backShown);
            assertFalse(backShown.contains("backing up before upgrading"), backShown);
            assertEquals(200, Web.anonymous().get(SITE + "/").statusCode());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            DockerCli.run("rmi", upgraded);
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    /** The image the stack's SERVICE runs, without the digest docker stack deploy may pin it to. */
    private static String serviceImage(String service) {
        return DockerCli.check(
                        "service",
                        "inspect",
                        STACK + "_" + service,
                        "--format",
                        "{{.Spec.TaskTemplate.ContainerSpec.Image}}")
                .strip()
                .replaceFirst("@sha256:.*", "");
    }

    /** ./wpstack restore latest --from REPOSITORY --password-file PASSWORD, with EXTRA, confirmed. */
    private CommandResult restoreFrom(String repository, Path password, String... extra) {
        List<String> argv = new java.util.ArrayList<>(
                List.of("restore", "latest", "--from", repository, "--password-file", password.toString()));
        argv.addAll(List.of(extra));
        argv.add("--yes");
        return wpstack.run(Duration.ofMinutes(10), argv.toArray(String[]::new));
    }

    /** The ids ./wpstack backup list prints. */
    private List<String> snapshotIds() {
        CommandResult list = wpstack.run("backup", "list");
        assertEquals(0, list.exitCode(), list.error());
        return Pattern.compile("(?m)^([0-9a-f]{8})\\s")
                .matcher(list.output())
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    /** The backup service's metrics (wpstack_backup_NAME, by NAME) as it serves them, once WANTED holds. */
    private static Map<String, Double> pollMetrics(
            String what, java.util.function.Predicate<Map<String, Double>> wanted) {
        var last = new java.util.concurrent.atomic.AtomicReference<Map<String, Double>>(Map.of());
        io.wpstack.testkit.Poll.until(
                "backup service metrics: " + what,
                Duration.ofMinutes(5),
                () -> {
                    String running = DockerCli.check(
                                    "ps",
                                    "--quiet",
                                    "--filter",
                                    "label=com.docker.swarm.service.name=" + STACK + "_backup")
                            .strip();
                    if (running.isEmpty() || running.contains("\n")) {
                        return false; // being replaced by up
                    }
                    CommandResult served = DockerCli.run(
                            "exec", running, "busybox", "wget", "-qO-", "http://127.0.0.1:9190/metrics.txt");
                    if (!served.ok()) {
                        return false;
                    }
                    Map<String, Double> metrics = new java.util.TreeMap<>();
                    Matcher line = Pattern.compile("(?m)^wpstack_backup_(\\w+)\\{stack=\"" + STACK + "\"} (\\S+)$")
                            .matcher(served.output());
                    while (line.find()) {
                        metrics.put(line.group(1), Double.parseDouble(line.group(2)));
                    }
                    last.set(metrics);
                    return metrics.containsKey("snapshots") || metrics.containsKey("repository_up")
                            ? wanted.test(metrics)
                            : false;
                },
                () -> "last served: " + last.get());
        return last.get();
    }

    /** SQL counting the posts with these titles. */
    private static String titled(String... titles) {
        return "SELECT COUNT(*) FROM wp_posts WHERE post_type = 'post' AND post_title IN ('"
                + String.join("', '", titles) + "')";
    }

    private HttpResponse<String> rest(String route, String json) throws IOException {
        return admin.postJson(SITE + "/?rest_route=" + route, json, "X-WP-Nonce", nonce);
    }

    private static long created(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(response.body());
        assertTrue(id.find(), response.body());
        return Long.parseLong(id.group(1));
    }

    /** A zip of SIZE random bytes (stored, so the bytes are the file's), uploaded as media. */
    private long upload(String name, int size) throws IOException {
        byte[] random = new byte[size];
        new Random(size).nextBytes(random);
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            var entry = new ZipEntry("random.bin");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(size);
            var crc = new CRC32();
            crc.update(random);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(random);
            zip.closeEntry();
        }
        return created(admin.postBytes(
                SITE + "/?rest_route=/wp/v2/media",
                bytes.toByteArray(),
                "application/zip",
                "X-WP-Nonce",
                nonce,
                "Content-Disposition",
                "attachment; filename=" + name));
    }

    private void installPlugin() {
        wordpress(
                "sh",
                "-c",
                "mkdir -p " + CONTENT
                        + "/plugins/e2e-backup-marker && printf '%s\\n' '<?php' '/* Plugin Name: e2e backup"
                        + " marker */' \"add_action('wp_footer', function () { echo '<!-- e2e-backup-marker-active -->';"
                        + " });\" > " + CONTENT + "/plugins/e2e-backup-marker/e2e-backup-marker.php");
    }

    /** sha256 of every file of wp-content (symbolic links by their target), by path. */
    private Map<String, String> contentHashes() {
        String listing = wordpress(
                "sh",
                "-c",
                "cd " + CONTENT + " && find . -type f -exec sha256sum {} + | sort -k2; find . -type l"
                        + " -printf '%l %p\\n' | sort");
        Map<String, String> hashes = new java.util.TreeMap<>();
        for (String line : listing.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                hashes.put(line.substring(space).strip(), line.substring(0, space));
            }
        }
        assertTrue(hashes.size() > 5, listing);
        return hashes;
    }

    /**
     * Each WordPress table's rows, by CHECKSUM TABLE; wp_options without transients and cron (which
     * WordPress rewrites as it serves), by a hash of its other rows.
     */
    private Map<String, String> tableChecksums() {
        Map<String, String> sums = new java.util.TreeMap<>();
        String tables = sql("SELECT GROUP_CONCAT(table_name) FROM information_schema.tables WHERE table_schema ="
                + " 'wordpress' AND table_name != 'wp_options'");
        for (String line : sql("CHECKSUM TABLE " + tables).split("\n")) {
            String[] columns = line.split("\t");
            sums.put(columns[0], columns[1]);
        }
        sums.put(
                "wp_options",
                sql("SELECT MD5(GROUP_CONCAT(option_name, '=', option_value ORDER BY option_name SEPARATOR '\\n'))"
                        + " FROM wp_options WHERE option_name NOT LIKE '%transient%' AND option_name != 'cron'"));
        return sums;
    }

    private String sql(String statement) {
        return MariaDb.asRoot(STACK, credentials.get("db_root_pass"), statement);
    }

    private String wordpress(String... argv) {
        List<String> command = new java.util.ArrayList<>(List.of("exec", container("wordpress")));
        command.addAll(List.of(argv));
        return DockerCli.check(command.toArray(String[]::new));
    }

    private static String mariadb() {
        return container("mariadb");
    }

    private static String container(String service) {
        String id = DockerCli.check(
                        "ps", "--quiet", "--filter", "label=com.docker.swarm.service.name=" + STACK + "_" + service)
                .strip();
        assertFalse(id.isEmpty(), "no running container of " + STACK + "_" + service);
        return id.split("\n")[0];
    }
}

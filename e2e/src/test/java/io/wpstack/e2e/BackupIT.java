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

/**
 * Backups as a user takes them: ./wpstack backup of a site with posts, a comment, a user, binary
 * uploads and an active plugin, changes made, ./wpstack restore, and everything back byte for byte
 * and row for row, with the site served through Caddy (503 with a plain page while it restores).
 * Then the safety snapshot undoes the restore, and bad input changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT {
    private static final String STACK = "e2ebk";
    private static final int HTTP_PORT = 18580;
    private static final String NODE = DockerCli.check("info", "--format", "{{.Swarm.NodeAddr}}");
    private static final String SITE = "http://" + NODE + ":" + HTTP_PORT;
    private static final String CONTENT = "/var/lib/wordpress/wp-content";
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
    void badInputIsNamedAndChangesNothing() throws IOException {
        String before = sql("SELECT COUNT(*) FROM wp_posts");
        CommandResult unknown = wpstack.run("restore", "deadbeef", "--yes");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.error().contains("no snapshot deadbeef"), unknown.error());
        assertTrue(unknown.error().contains("the newest are"), unknown.error());
        CommandResult notHex = wpstack.run("restore", "yesterday", "--yes");
        assertEquals(2, notHex.exitCode(), notHex.error());
        assertTrue(notHex.error().contains("\"yesterday\" is not a snapshot"), notHex.error());
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
    @Order(5)
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
    @Order(6)
    void anUnreachableRepositoryFailsTheBackupNamingItAndTheSiteServesOn() throws IOException {
        String nowhere = "rest:http://127.0.0.1:9/e2e";
        Wpstack unreachable = wpstack.with("WPSTACK_BACKUP_INTERVAL", "24h").with("WPSTACK_BACKUP_REPOSITORY", nowhere);
        CommandResult up = unreachable.run("up");
        assertEquals(0, up.exitCode(), up.output() + up.error());
        long started = System.nanoTime();
        CommandResult backup = unreachable.run(Duration.ofMinutes(5), "backup");
        System.out.printf(
                "./wpstack backup to an unreachable repository gave up after %d s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertNotEquals(0, backup.exitCode());
        assertTrue(
                backup.error().contains("the repository " + nowhere + " did not answer within 90 s"),
                backup.output() + backup.error());
        Map<String, Double> metrics = pollMetrics(
                "the repository down and the scheduled backup failed",
                m -> Double.valueOf(0).equals(m.get("repository_up")) && m.containsKey("last_run_success"));
        assertEquals(0.0, metrics.get("last_run_success"), metrics.toString());
        assertEquals(200, Web.anonymous().get(SITE + "/").statusCode(), "the site serves on");
    }

    // --- helpers ----------------------------------------------------------------------------

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
        return DockerCli.check(
                        "exec",
                        mariadb(),
                        "mariadb",
                        "-N",
                        "-B",
                        "-uroot",
                        "-p" + credentials.get("db_root_pass"),
                        "wordpress",
                        "-e",
                        statement)
                .strip();
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

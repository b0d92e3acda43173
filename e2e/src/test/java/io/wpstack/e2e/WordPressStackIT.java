package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.testkit.CommandResult;
import io.wpstack.testkit.DockerCli;
import io.wpstack.testkit.Poll;
import io.wpstack.testkit.Processes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The user's journey through the wpstack stack, driven through ./wpstack against the local swarm,
 * under its own stack name, ports and credentials file (a user's own deployment is never touched).
 * The steps build on one deployment, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(5)
@ResourceLock(Lanes.ONE)
@ResourceLock(Lanes.TWO)
class WordPressStackIT {
    private static final String STACK = "e2ewp";
    private static final int HTTP_PORT = 18180;
    private static final int ADMINER_PORT = 18188;
    /** This node's address (the swarm's advertise address): the site is used by it, as from another machine. */
    private static final String NODE = DockerCli.check("info", "--format", "{{.Swarm.NodeAddr}}");

    private static final String SITE = "http://" + NODE + ":" + HTTP_PORT;
    private static final String LOCAL_SITE = "http://localhost:" + HTTP_PORT;
    private static final String ADMINER = "http://" + NODE + ":" + ADMINER_PORT;
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** The services of the stack that run an image named after them (the model: stacks/wordpress.yml). */
    private static final List<String> SERVICES =
            io.wpstack.cli.model.Stacks.wordpress(Wpstack.ROOT).builtImages();

    private final Path work = Path.of("target", "e2e").toAbsolutePath();
    private Wpstack wpstack;
    private Map<String, String> credentials;
    private String postTitle;
    private long postId;

    @BeforeAll
    void cleanSlate() throws IOException {
        Files.createDirectories(work);
        wpstack = new Wpstack(Map.of(
                "WPSTACK_STACK", STACK,
                "WPSTACK_HTTP_PORT", String.valueOf(HTTP_PORT),
                "WPSTACK_ADMINER_PORT", String.valueOf(ADMINER_PORT),
                "WPSTACK_HTTPS_PORT", "18143",
                "WPSTACK_CREDENTIALS", work.resolve("credentials-" + STACK).toString()));
        wpstack.run("down", "--purge");
    }

    @AfterAll
    void removeStack() {
        if (wpstack != null) {
            CommandResult down = wpstack.run("down", "--purge");
            assertEquals(0, down.exitCode(), down.error());
        }
    }

    // --- bad input: a clear message, and nothing changed --------------------------------------

    private Wpstack untouched() {
        return new Wpstack(Map.of(
                "WPSTACK_STACK", "e2ebad",
                "WPSTACK_HTTP_PORT", "18280",
                "WPSTACK_ADMINER_PORT", "18288",
                "WPSTACK_HTTPS_PORT", "18243",
                "WPSTACK_CREDENTIALS", work.resolve("credentials-e2ebad").toString()));
    }

    private void assertNothingChanged() {
        assertEquals("", DockerCli.check("service", "ls", "--quiet", "--filter", "name=e2ebad_"));
        assertEquals("", DockerCli.check("secret", "ls", "--quiet", "--filter", "name=e2ebad_"));
    }

    @Test
    @Order(1)
    void anUnknownEnvironmentIsNamed() {
        CommandResult result = untouched().run("up", "--env", "staging");
        assertEquals(2, result.exitCode(), result.error());
        assertTrue(result.error().contains("unknown environment \"staging\""), result.error());
        assertTrue(result.error().contains("development"), result.error());
        assertNothingChanged();
    }

    @Test
    @Order(1)
    void aMistypedSettingVariableIsNamedWithTheNearestSetting() {
        CommandResult result = untouched().with("WPSTACK_HTTP_PROT", "8080").run("up");
        assertEquals(2, result.exitCode(), result.error());
        assertTrue(
                result.error().contains("WPSTACK_HTTP_PROT is not a wpstack setting (did you mean WPSTACK_HTTP_PORT?)"),
                result.error());
        assertNothingChanged();
    }

    @Test
    @Order(1)
    void helpSettingsListsEverySettingOfBaseEnvWithItsMeaning() throws IOException {
        CommandResult help = untouched().run("help", "settings");
        assertEquals(0, help.exitCode(), help.error());
        List<String> declared = Files.readAllLines(Wpstack.ROOT.resolve("stacks/env/base.env")).stream()
                .filter(line -> line.matches("[A-Z][A-Z0-9_]*=.*"))
                .toList();
        assertTrue(declared.size() > 40, "too few settings in base.env: " + declared);
        for (String setting : declared) {
            assertTrue(help.output().contains("\n  " + setting), "help settings lacks " + setting);
        }
        assertFalse(help.output().contains("no meaning written"), help.output());
        assertTrue(help.output().contains("WORDPRESS_REPLICAS=1  [production: 3]"), help.output());
    }

    @Test
    @Order(1)
    void helpListsEveryCommandAndEachHasItsOwnHelp() {
        CommandResult help = untouched().run("help");
        assertEquals(0, help.exitCode(), help.error());
        for (String command : List.of(
                "up", "down", "status", "logs", "credentials", "build", "registry", "node", "test", "ca", "help")) {
            assertTrue(help.output().contains("\n  " + command + " "), "help lacks " + command + ":\n" + help.output());
        }
        CommandResult label = untouched().run("node", "label", "--help");
        assertEquals(0, label.exitCode(), label.error());
        assertTrue(label.output().contains("./wpstack node label NODE KEY=VALUE"), label.output());
        CommandResult none = untouched().run();
        assertEquals(2, none.exitCode(), none.error());
        assertTrue(none.error().contains("usage: ./wpstack COMMAND [ARGS]"), none.error());
    }

    @Test
    @Order(1)
    void anUnknownFlagIsNamed() {
        CommandResult result = untouched().run("up", "--bogus");
        assertEquals(2, result.exitCode(), result.error());
        assertTrue(result.error().contains("unknown argument \"--bogus\""), result.error());
        assertNothingChanged();
    }

    @Test
    @Order(1)
    void aPortInUseIsNamedWithItsHolder() throws IOException {
        try (ServerSocket holder = new ServerSocket(0)) {
            int port = holder.getLocalPort();
            CommandResult result =
                    untouched().with("WPSTACK_HTTP_PORT", String.valueOf(port)).run("up");
            assertNotEquals(0, result.exitCode());
            assertTrue(result.error().contains("port " + port + " is already in use by java"), result.error());
            assertTrue(result.error().contains("WPSTACK_HTTP_PORT"), result.error());
        }
        assertNothingChanged();
    }

    @Test
    @Order(1)
    void anEmptySecretInTheCredentialsFileIsNamed() throws IOException {
        Path file = work.resolve("credentials-e2ebad");
        Files.writeString(file, "wp_db_pass=\n");
        try {
            CommandResult result = untouched().run("up");
            assertNotEquals(0, result.exitCode());
            assertTrue(result.error().contains("wp_db_pass is empty"), result.error());
        } finally {
            Files.delete(file);
        }
        assertNothingChanged();
    }

    @Test
    @Order(1)
    void noDockerAccessAndNotRootIsExplained() {
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        CommandResult canRun = Processes.run(
                concat(
                        asNobody,
                        List.of("test", "-x", Wpstack.ROOT.resolve("wpstack").toString())),
                Map.of(),
                null,
                null,
                Duration.ofSeconds(10));
        Assumptions.assumeTrue(canRun.ok(), "user nobody cannot reach " + Wpstack.ROOT + " here");
        CommandResult result = Processes.run(
                concat(asNobody, List.of(Wpstack.ROOT.resolve("wpstack").toString(), "up")),
                Map.of("HOME", work.toString()),
                Wpstack.ROOT,
                null,
                Duration.ofMinutes(1));
        assertNotEquals(0, result.exitCode());
        assertTrue(result.error().contains("not running as root"), result.error());
        assertNothingChanged();
    }

    // --- the journey ---------------------------------------------------------------------------

    /**
     * A fresh engine as far as an image up deploys goes (adminer's; up checks convergence in process
     * and needs no helper image): its tags are removed, and up must build it again, though its
     * inputs did not change since its last build. Then up is interrupted after the deploy, before it
     * installs WordPress: nobody reaching the machine may get WordPress's installer.
     */
    @Test
    @Order(2)
    void anInterruptedUpBuildsAMissingImageAndLeavesNoInstallerOpen() throws Exception {
        List<String> tags = List.of("wpstack/adminer:latest", "wpstack/adminer:" + Wpstack.revision());
        String keep = "wpstack-e2e/keep:adminer";
        // Keep the image itself (under another tag) so its rebuild is a cache hit, not a Maven build.
        DockerCli.check("tag", tags.getFirst(), keep);
        try {
            for (String tag : tags) {
                DockerCli.check("image", "rm", tag);
            }
            Process up = wpstack.start("up");
            List<String> seen = new ArrayList<>();
            try (var lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(up.getErrorStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null && !line.contains("waiting for stack " + STACK)) {
                    seen.add(line);
                }
                assertTrue(line != null, "up ended before it deployed: " + String.join("\n", seen));
            } finally {
                up.descendants().forEach(ProcessHandle::destroyForcibly);
                up.destroyForcibly();
                up.waitFor();
            }
            for (String tag : tags) {
                assertTrue(DockerCli.run("image", "inspect", tag).ok(), "up did not build " + tag + ": " + seen);
            }
        } finally {
            DockerCli.run("image", "rm", keep);
        }
        Poll.until(
                "a healthy WordPress container and Caddy answering at " + SITE,
                WAIT,
                () -> !wordpressContainers().isEmpty() && status(SITE + "/wp-login.php") > 0);
        Web stranger = Web.anonymous();
        for (String path : List.of(
                "/wp-admin/install.php",
                "/wp-admin/install.php?step=2",
                "/wp-admin/install.php/x",
                "//wp-admin/install.php",
                "/wp-admin/./install.php",
                "/WP-ADMIN/INSTALL.PHP",
                "/wp-admin/setup-config.php")) {
            HttpResponse<String> answer = stranger.get(SITE + path);
            assertTrue(
                    answer.statusCode() == 403 || answer.statusCode() == 404,
                    path + " answered " + answer.statusCode() + ": " + answer.body());
            assertFalse(answer.body().contains("weblog_title"), path + " offered the installer");
        }
        HttpResponse<String> home = stranger.get(SITE + "/");
        assertFalse(home.body().contains("weblog_title"), "the home page offered the installer: " + home.body());
        assertFalse(
                stranger.postForm(
                                SITE + "/wp-admin/install.php?step=2",
                                Map.of("weblog_title", "taken", "user_name", "stranger", "admin_password", "x"))
                        .body()
                        .contains("Success"),
                "a stranger installed WordPress");
    }

    @Test
    @Order(3)
    void upDeploysAWorkingSite() throws IOException {
        long start = System.nanoTime();
        CommandResult up = wpstack.run("up");
        assertEquals(0, up.exitCode(), up.output() + up.error());
        System.out.printf(
                "./wpstack up (images built): %d s%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        assertTrue(up.output().contains("WordPress:    " + SITE + "/"), "up names the node's address: " + up.output());
        assertTrue(up.output().contains(LOCAL_SITE + "/"), "up names localhost too: " + up.output());
        assertFalse(
                up.error().contains("Picked up JDK_JAVA_OPTIONS"), "the JVM's banner reached the user: " + up.error());
        credentials = wpstack.credentials();
        for (String name : List.of(
                "lb_admin_user", "lb_admin_pass", "wp_db_pass", "db_root_pass", "wp_admin_user", "wp_admin_pass")) {
            assertTrue(credentials.containsKey(name), "credentials lack " + name + ": " + credentials.keySet());
        }
        HttpResponse<String> home = Web.anonymous().get(SITE + "/");
        assertEquals(200, home.statusCode(), home.body());
        assertTrue(home.body().contains("wp-content"), "not the WordPress site: " + home.body());
        assertFalse(home.body().contains("install.php"), "WordPress still shows its installer");
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(work.resolve("credentials-" + STACK))));
    }

    @Test
    @Order(4)
    void aPostWrittenThroughTheRestApiIsReadBackThroughCaddy() throws IOException {
        Admin logged = loggedIn();
        Web admin = logged.web();
        String nonce = logged.nonce();
        postTitle = "e2e post " + UUID.randomUUID();
        HttpResponse<String> created = admin.postJson(
                SITE + "/?rest_route=/wp/v2/posts",
                "{\"title\":\"" + postTitle + "\",\"content\":\"Written by WordPressStackIT.\",\"status\":\"publish\"}",
                "X-WP-Nonce",
                nonce);
        assertEquals(201, created.statusCode(), created.body());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        assertTrue(id.find(), created.body());
        postId = Long.parseLong(id.group(1));
        assertPostReadable();
    }

    private void assertPostReadable() throws IOException {
        HttpResponse<String> api = Web.anonymous().get(SITE + "/?rest_route=/wp/v2/posts/" + postId);
        assertEquals(200, api.statusCode(), api.body());
        assertTrue(api.body().contains(postTitle), api.body());
        HttpResponse<String> page = postPage();
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(postTitle));
    }

    @Test
    @Order(5)
    void adminerIsGuardedAndShowsTheWordPressTables() throws IOException {
        assertEquals(401, Web.anonymous().get(ADMINER + "/").statusCode());
        assertEquals(
                401,
                Web.basicAuth(credentials.get("lb_admin_user"), "wrong")
                        .get(ADMINER + "/")
                        .statusCode());
        Web adminer = Web.basicAuth(credentials.get("lb_admin_user"), credentials.get("lb_admin_pass"));
        HttpResponse<String> form = adminer.get(ADMINER + "/");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("auth[username]"), "no Adminer login form: " + form.body());
        HttpResponse<String> login = adminer.postForm(
                ADMINER + "/",
                Map.of(
                        "auth[driver]", "server",
                        "auth[server]", "mariadb",
                        "auth[username]", "wordpress",
                        "auth[password]", credentials.get("wp_db_pass"),
                        "auth[db]", "wordpress"));
        assertEquals(302, login.statusCode(), "Adminer login failed: " + login.body());
        HttpResponse<String> tables = adminer.get(ADMINER + "/?server=mariadb&username=wordpress&db=wordpress");
        assertEquals(200, tables.statusCode());
        assertTrue(tables.body().contains("wp_posts"), "no WordPress tables: " + tables.body());
        assertTrue(tables.body().contains("wp_users"));
    }

    /**
     * A second up with nothing changed succeeds and keeps the credentials. Before it, the database is
     * set back to an older WordPress schema, as after a rebuilt image with a newer WordPress: up runs
     * the database upgrade, and wp-admin asks nobody to click through it.
     */
    @Test
    @Order(6)
    void aSecondUpUpgradesAnOlderDatabaseAndKeepsTheCredentials() throws IOException {
        String current = sql("SELECT option_value FROM wp_options WHERE option_name = 'db_version'");
        assertTrue(current.matches("\\d+"), "db_version: " + current);
        sql("UPDATE wp_options SET option_value = '57155' WHERE option_name = 'db_version'");
        long start = System.nanoTime();
        CommandResult again = wpstack.run("up");
        assertEquals(0, again.exitCode(), again.error());
        System.out.printf(
                "second ./wpstack up: %d s%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        assertEquals(credentials, wpstack.credentials(), "a second up changed the credentials");
        assertTrue(again.error().contains("WordPress database upgraded"), again.error());
        assertEquals(current, sql("SELECT option_value FROM wp_options WHERE option_name = 'db_version'"));
        Web admin = loggedIn().web();
        HttpResponse<String> dashboard = admin.get(SITE + "/wp-admin/");
        assertEquals(
                200,
                dashboard.statusCode(),
                "wp-admin after the upgrade: " + dashboard.headers().map());
        assertFalse(dashboard.body().contains("Database Update Required"), "wp-admin still asks for the upgrade");
    }

    @Test
    @Order(7)
    void threeReplicasAllServeRequests() throws IOException {
        DockerCli.check("service", "scale", "--detach", STACK + "_wordpress=3");
        Poll.until(
                "3 healthy WordPress containers",
                WAIT,
                () -> wordpressContainers().size() == 3);
        CommandResult status = wpstack.run("status");
        assertTrue(status.output().contains("3/3"), status.output() + status.error());
        String marker = "e2e-" + UUID.randomUUID();
        Web web = Web.anonymous();
        Poll.until("requests marked " + marker + " in the logs of all 3 replicas", WAIT, () -> {
            for (int i = 0; i < 12; i++) {
                try {
                    web.get(SITE + "/?" + marker);
                } catch (IOException e) {
                    return false;
                }
            }
            return wordpressContainers().stream()
                    .allMatch(id -> DockerCli.run("logs", id).output().contains(marker));
        });
    }

    @Test
    @Order(8)
    void aReplicaThatTimedOutIsSkippedForTheFailDuration() throws Exception {
        String frozen = oneOfThreeHealthyReplicas();
        Web web = Web.anonymous();
        // One request at a time, so that nothing but Caddy's passive health state can keep the
        // frozen replica out of the rotation (Debian's Caddy 2.6 forgot it after every request).
        freeze(frozen);
        try {
            Duration timedOut = Duration.ZERO;
            long giveUp = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (timedOut.compareTo(Duration.ofSeconds(9)) < 0) {
                assertTrue(System.nanoTime() < giveUp, "40 s of page views and none waited on the frozen replica");
                timedOut = timedPageView(web);
            }
            List<Duration> afterwards = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < until) {
                afterwards.add(timedPageView(web));
            }
            Duration slowest = afterwards.stream().max(Duration::compareTo).orElseThrow();
            System.out.printf(
                    "a page view waited %.1f s on the frozen replica; the next %d page views, in 8 s, took at most %.2f s%n",
                    timedOut.toMillis() / 1000.0, afterwards.size(), slowest.toMillis() / 1000.0);
            assertTrue(afterwards.size() >= 6, "too few page views to have met every replica twice: " + afterwards);
            assertTrue(
                    slowest.compareTo(Duration.ofSeconds(5)) < 0,
                    "Caddy sent a page view to the frozen replica again within 8 s of its timeout (fail_duration 10 s): "
                            + afterwards);
        } finally {
            thaw(frozen);
        }
    }

    @Test
    @Order(9)
    void aFrozenReplicaDelaysPageViewsButFailsNone() throws Exception {
        // A paused container's kernel still accepts connections and requests but nothing answers them:
        // the same as a replica whose node vanished mid-request.
        String frozen = oneOfThreeHealthyReplicas();
        Load load;
        try {
            load = underLoad(() -> freeze(frozen), Duration.ofSeconds(25));
        } finally {
            thaw(frozen);
        }
        System.out.printf(
                "froze a WordPress replica (docker pause) under load: %d requests ok, %d failed, slowest %.1f s%n",
                load.ok(), load.failures().size(), load.slowest().toMillis() / 1000.0);
        assertTrue(load.ok() > 20, "too few requests to mean anything: " + load.ok());
        assertEquals(List.of(), load.failures());
        // Page views reached the frozen replica and Caddy gave up on it after its 10 s header timeout.
        assertTrue(
                load.slowest().compareTo(Duration.ofSeconds(9)) >= 0,
                "no request waited on the frozen replica (slowest " + load.slowest() + ")");
        assertTrue(
                load.slowest().compareTo(Duration.ofSeconds(20)) < 0,
                "a request waited on the frozen replica for " + load.slowest());
    }

    @Test
    @Order(10)
    void killingAReplicaUnderLoadFailsNoRequest() throws Exception {
        Load load =
                underLoad(() -> DockerCli.check("kill", wordpressContainers().getFirst()), Duration.ofSeconds(12));
        System.out.printf(
                "killed a WordPress replica under load: %d requests ok, %d failed%n",
                load.ok(), load.failures().size());
        assertTrue(load.ok() > 20, "too few requests to mean anything: " + load.ok());
        assertEquals(List.of(), load.failures());
    }

    @Test
    @Order(11)
    void killingMariaDbLosesNoData() throws IOException {
        String before = mariadbContainer();
        DockerCli.check("kill", before);
        Poll.until("Swarm to restart MariaDB", WAIT, () -> {
            String now = mariadbContainerOrEmpty();
            return !now.isEmpty() && !now.equals(before) && healthy(now);
        });
        Poll.until("the site to answer after MariaDB's restart", WAIT, () -> {
            try {
                return postPage().statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        assertPostReadable();
    }

    @Test
    @Order(12)
    void noSecretValueLeaks() {
        List<String> secrets = List.of(
                credentials.get("lb_admin_pass"),
                credentials.get("wp_db_pass"),
                credentials.get("db_root_pass"),
                credentials.get("wp_admin_pass"));
        // Every container of the stack, stopped ones included, stands in for `docker service logs`
        // (which waits on the logs of killed tasks).
        StringBuilder visible = new StringBuilder();
        for (String service : SERVICES) {
            String name = STACK + "_" + service;
            visible.append(DockerCli.check("service", "inspect", name));
            String image = DockerCli.check(
                    "service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", name);
            visible.append(DockerCli.check("history", "--no-trunc", image.replaceFirst("@sha256:.*$", "")));
        }
        for (String container : DockerCli.check("ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + STACK)
                .split("\\s+")) {
            visible.append(DockerCli.check("inspect", container));
            visible.append(DockerCli.run("logs", container).output());
        }
        String all = visible.toString();
        assertTrue(all.length() > 10_000, "too little output inspected to mean anything");
        for (String secret : secrets) {
            assertFalse(all.contains(secret), "a secret value appears in inspect, history or logs");
        }
    }

    // --- the site by any address, behind Caddy, on a schedule -------------------------------------

    @Test
    @Order(13)
    void theSiteAnswersAtEveryAddressOfTheNodeAndLinksToTheOneAsked() throws IOException {
        for (String site : List.of(SITE, LOCAL_SITE, "http://127.0.0.1:" + HTTP_PORT)) {
            HttpResponse<String> home = Web.anonymous().get(site + "/");
            assertEquals(200, home.statusCode(), site);
            assertTrue(home.body().contains(site + "/wp-content/"), site + " links elsewhere: " + links(home.body()));
        }
        // A forged Host cannot put its name into links (nor into password-reset mails, built the same way).
        HttpResponse<String> forged = Web.anonymous().get(SITE + "/", "Host", "attacker.example:" + HTTP_PORT);
        assertFalse(forged.body().contains("attacker.example"), "a forged Host reached the links");
        assertTrue(forged.body().contains(SITE + "/wp-content/"), "no canonical links: " + links(forged.body()));
    }

    @Test
    @Order(14)
    void spoofedForwardedHeadersFromOutsideAreIgnored() throws IOException {
        String marker = "spoof-" + UUID.randomUUID();
        HttpResponse<String> home = Web.anonymous()
                .get(SITE + "/?" + marker, "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains(SITE + "/wp-content/"), "X-Forwarded-Proto from outside made links https");
        Poll.until("WordPress's access log line for " + marker, WAIT, () -> wordpressContainers().stream()
                .anyMatch(id -> DockerCli.run("logs", id).output().contains(marker)));
        for (String id : wordpressContainers()) {
            for (String line : DockerCli.run("logs", id).output().split("\n")) {
                if (line.contains(marker)) {
                    assertFalse(
                            line.startsWith("203.0.113.9"), "WordPress took the client address from outside: " + line);
                    // The address Caddy saw (this machine, by the node's address) reached WordPress, not Caddy's own.
                    assertTrue(line.startsWith(NODE + " "), "WordPress did not get the client's address: " + line);
                    System.out.println("WordPress logged the spoofing request as: " + line);
                }
            }
        }
    }

    /** WP-cron runs from the stack's cron service: a post scheduled a minute ahead publishes with no page view. */
    @Test
    @Order(15)
    void aPostScheduledAMinuteAheadPublishesWithNoPageView() throws IOException {
        Admin logged = loggedIn();
        Web admin = logged.web();
        String nonce = logged.nonce();
        String when = java.time.Instant.now()
                .plusSeconds(60)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString()
                .replace("Z", "");
        HttpResponse<String> created = admin.postJson(
                SITE + "/?rest_route=/wp/v2/posts",
                "{\"title\":\"scheduled " + UUID.randomUUID() + "\",\"status\":\"future\",\"date_gmt\":\"" + when
                        + "\"}",
                "X-WP-Nonce",
                nonce);
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"status\":\"future\""), created.body());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        assertTrue(id.find());
        long start = System.nanoTime();
        // The polls read the post as the admin through the REST API; with DISABLE_WP_CRON no request spawns
        // WP-cron, so only the cron service can publish it.
        Poll.until(
                "the post scheduled for " + when + " UTC to be published by the cron service",
                Duration.ofMinutes(4),
                () -> {
                    sleepQuietly(Duration.ofSeconds(5));
                    try {
                        return admin.get(
                                        SITE + "/?rest_route=/wp/v2/posts/" + id.group(1) + "&context=edit",
                                        "X-WP-Nonce",
                                        nonce)
                                .body()
                                .contains("\"status\":\"publish\"");
                    } catch (IOException e) {
                        return false;
                    }
                },
                () -> DockerCli.run("service", "logs", "--tail", "20", STACK + "_cron")
                        .output());
        System.out.printf(
                "a post scheduled 60 s ahead was published %d s after it was written%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    /** The swarm's nodes as `node` shows them, a label added and removed, and the join command. */
    @Test
    @Order(17)
    void nodeListsLabelsAndPrintsTheJoinCommand() {
        String hostname = DockerCli.check("info", "--format", "{{.Name}}");
        CommandResult ls = wpstack.run("node", "ls");
        assertEquals(0, ls.exitCode(), ls.error());
        assertTrue(ls.output().startsWith("HOSTNAME "), ls.output());
        assertTrue(ls.output().contains(hostname + " ") && ls.output().contains(" " + NODE + " "), ls.output());
        assertTrue(ls.output().contains("wpstack.data=true"), "the data node's label is listed: " + ls.output());

        CommandResult join = wpstack.run("node", "join-token", "worker");
        assertEquals(0, join.exitCode(), join.error());
        assertTrue(
                join.output().matches("docker swarm join --token SWMTKN-1-\\S+ " + Pattern.quote(NODE) + ":2377\\n"),
                join.output());

        String label = "{{index .Spec.Labels \"wpstack-e2e.probe\"}}";
        CommandResult add = wpstack.run("node", "label", hostname, "wpstack-e2e.probe=yes");
        assertEquals(0, add.exitCode(), add.error());
        assertEquals("yes", DockerCli.check("node", "inspect", "--format", label, hostname));
        CommandResult remove = wpstack.run("node", "label", hostname, "wpstack-e2e.probe-");
        assertEquals(0, remove.exitCode(), remove.error());
        assertEquals("", DockerCli.check("node", "inspect", "--format", label, hostname));

        CommandResult missing = wpstack.run("node", "label", "no-such-node", "a=b");
        assertEquals(1, missing.exitCode(), missing.error());
        assertTrue(missing.error().contains("no node \"no-such-node\" in this swarm"), missing.error());
    }

    @Test
    @Order(17)
    void logsShowsAServicesOutput() {
        CommandResult logs = wpstack.run("logs", "wordpress", "--tail", "50");
        assertEquals(0, logs.exitCode(), logs.error());
        assertTrue(
                (logs.output() + logs.error()).contains("e2ewp_wordpress."),
                "docker service logs prefixes lines" + " with the task's name: " + logs.output() + logs.error());
        CommandResult unknown = wpstack.run("logs", "mysql");
        assertEquals(2, unknown.exitCode(), unknown.error());
        assertTrue(unknown.error().contains("one of: wordpress mariadb cron adminer backup caddy"), unknown.error());
    }

    /** down without --purge removes the services only: the next up finds the site, its posts and credentials. */
    @Test
    @Order(18)
    void downKeepsTheDataAndTheNextUpServesIt() throws IOException {
        CommandResult down = wpstack.run("down");
        assertEquals(0, down.exitCode(), down.error());
        assertTrue(down.error().contains("kept volumes and secrets"), down.error());
        assertEquals("", DockerCli.check("service", "ls", "--quiet", "--filter", "name=" + STACK + "_"));
        for (String volume : List.of("db_data", "wp_content")) {
            assertEquals(
                    0, DockerCli.run("volume", "inspect", STACK + "_" + volume).exitCode(), volume + " was removed");
        }
        assertNotEquals("", DockerCli.check("secret", "ls", "--quiet", "--filter", "name=" + STACK + "_"));
        assertTrue(Files.exists(work.resolve("credentials-" + STACK)), "the credentials file was removed");

        CommandResult up = wpstack.run("up");
        assertEquals(0, up.exitCode(), up.error());
        assertEquals(credentials, wpstack.credentials(), "the credentials changed");
        assertPostReadable();
    }

    /** In a real browser, by the node's address: every request of the home page loads; Site Health has no critical item. */
    @Test
    @Order(16)
    void aBrowserLoadsTheSiteAndSiteHealthShowsNoCriticalItem() {
        try (Browser browser = Browser.start("development")) {
            browser.open(SITE + "/");
            browser.waitUntil("the home page", page -> page.getTitle().contains("wpstack"));
            browser.step("home page");
            assertEquals(List.of(), browser.failedRequests(), "requests the browser could not load");
            WordPressPages wordpress = new WordPressPages(browser, SITE);
            wordpress.logIn(credentials.get("wp_admin_user"), credentials.get("wp_admin_pass"));
            SiteHealthItems.assertAcceptable(
                    "development", wordpress.siteHealth(), SiteHealthItems.ACCEPTED_IN_DEVELOPMENT);
        }
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** A client logged in to wp-admin as the site's administrator, with its REST nonce. */
    private record Admin(Web web, String nonce) {}

    private Admin loggedIn() throws IOException {
        Web web = Web.anonymous();
        return new Admin(
                web, web.logInToWordPress(SITE, credentials.get("wp_admin_user"), credentials.get("wp_admin_pass")));
    }

    /** One SQL statement as the WordPress user, through the MariaDB container; its output, trimmed. */
    private String sql(String statement) {
        return DockerCli.check(
                        "exec",
                        mariadbContainer(),
                        "mariadb",
                        "-N",
                        "-B",
                        "-uwordpress",
                        "-p" + credentials.get("wp_db_pass"),
                        "wordpress",
                        "-e",
                        statement)
                .strip();
    }

    /**
     * The post's page by {@code ?p=ID}: WordPress redirects it (301) to the pretty permalink its install
     * enabled, which must be on the same site and answer itself.
     */
    private HttpResponse<String> postPage() throws IOException {
        HttpResponse<String> page = Web.anonymous().get(SITE + "/?p=" + postId);
        if (page.statusCode() == 301) {
            String location = page.headers().firstValue("Location").orElse("");
            assertTrue(location.startsWith(SITE + "/"), "?p=" + postId + " redirects off the site: " + location);
            page = Web.anonymous().get(location);
        }
        return page;
    }

    /** The HTTP status of a GET, or 0 when nothing answers. */
    private static int status(String url) {
        try {
            return Web.anonymous().get(url).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String links(String body) {
        Matcher href = Pattern.compile("(?:href|src)=['\"]([^'\"]+)").matcher(body);
        List<String> found = new ArrayList<>();
        while (href.find() && found.size() < 5) {
            found.add(href.group(1));
        }
        return found.toString();
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What 4 client streams requesting the home page saw. */
    private record Load(int ok, List<String> failures, Duration slowest) {}

    /**
     * Requests the home page from 4 streams for 3 s, then runs {@code disturbance} and goes on for {@code after}.
     */
    private static Load underLoad(Runnable disturbance, Duration after) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        AtomicLong slowestNanos = new AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            List<Future<?>> streams = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                streams.add(clients.submit(() -> {
                    Web web = Web.anonymous();
                    while (running.get()) {
                        long start = System.nanoTime();
                        try {
                            int code = web.get(SITE + "/").statusCode();
                            if (code == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.add("HTTP " + code);
                            }
                        } catch (IOException e) {
                            failures.add(e.toString());
                        }
                        slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    }
                }));
            }
            try {
                Thread.sleep(3_000);
                disturbance.run();
                Thread.sleep(after.toMillis());
            } finally {
                // A disturbance that throws must stop the streams too, or closing the pool waits forever.
                running.set(false);
            }
            for (Future<?> stream : streams) {
                stream.get();
            }
        }
        return new Load(ok.get(), List.copyOf(failures), Duration.ofNanos(slowestNanos.get()));
    }

    /** Requests the home page, asserts it was served, and returns how long that took. */
    private static Duration timedPageView(Web web) throws IOException {
        long start = System.nanoTime();
        int status = web.get(SITE + "/").statusCode();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(200, status, "page view after " + took);
        return took;
    }

    /** The first of the 3 healthy WordPress containers the replica tests start from. */
    private static String oneOfThreeHealthyReplicas() {
        List<String> replicas = wordpressContainers();
        assertEquals(3, replicas.size(), "healthy WordPress replicas: " + replicas);
        return replicas.getFirst();
    }

    /**
     * Pauses a replica. runc's cgroup freeze sometimes gives up on a busy container ("unable to freeze",
     * moby/moby#48205) and thaws it again; a second try a moment later freezes it.
     */
    private static void freeze(String container) {
        for (int attempt = 1; ; attempt++) {
            CommandResult paused = DockerCli.run("pause", container);
            if (paused.ok()) {
                return;
            }
            if (attempt == 5 || !paused.error().contains("unable to freeze")) {
                paused.orThrow();
            }
            System.out.printf(
                    "docker pause %s, try %d: %s; trying again%n",
                    container, attempt, paused.error().strip());
            DockerCli.run("unpause", container);
            sleepQuietly(Duration.ofMillis(300));
        }
    }

    /** Unpauses a frozen replica and waits until all 3 are healthy, also after a failed test. */
    private static void thaw(String frozen) {
        DockerCli.run("unpause", frozen);
        Poll.until(
                "3 healthy WordPress containers again",
                WAIT,
                () -> wordpressContainers().size() == 3);
    }

    private static List<String> wordpressContainers() {
        String ids = DockerCli.check(
                "ps",
                "-q",
                "--filter",
                "label=com.docker.swarm.service.name=" + STACK + "_wordpress",
                "--filter",
                "health=healthy");
        return ids.isBlank() ? List.of() : List.of(ids.split("\\s+"));
    }

    private static String mariadbContainerOrEmpty() {
        return DockerCli.check("ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + STACK + "_mariadb");
    }

    private static String mariadbContainer() {
        String id = mariadbContainerOrEmpty();
        assertFalse(id.isBlank(), "no MariaDB container");
        return id;
    }

    private static boolean healthy(String container) {
        return DockerCli.run("inspect", "--format", "{{.State.Health.Status}}", container)
                .output()
                .strip()
                .equals("healthy");
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}

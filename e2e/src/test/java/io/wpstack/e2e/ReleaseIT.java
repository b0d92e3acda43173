package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.testkit.CommandResult;
import io.wpstack.testkit.DockerCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Releases as an operator makes them, on one deployment: a broken Caddyfile refused before it reaches
 * the swarm, a new version of WordPress and Adminer rolled under a steady load through Caddy, a manual
 * rollback, a WordPress image that crashes at start rolled back by Swarm (and up saying so), and the
 * history of it all read back from the swarm. The new versions are tags of the built images (a tag is
 * what a version is to Swarm); the broken one is built here on top of the real WordPress image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(7)
@ResourceLock(Lanes.ONE)
@ResourceLock(Lanes.TWO)
class ReleaseIT {
    private static final String STACK = "e2erel";
    private static final int HTTP_PORT = 18880;
    private static final int ADMINER_PORT = 18888;
    private static final String NODE = DockerCli.check("info", "--format", "{{.Swarm.NodeAddr}}");
    private static final String SITE = "http://" + NODE + ":" + HTTP_PORT + "/";
    private static final String ADMINER = "http://" + NODE + ":" + ADMINER_PORT + "/";
    private static final Path CADDYFILE = Wpstack.ROOT.resolve("config/caddy/Caddyfile");
    private static final String V2 = "e2e-v2";
    private static final String BROKEN = "wpstack/wordpress:e2e-broken";
    /** This WordPress with the db_version of WordPress 6.7 (58975): an image built from an older release. */
    private static final String OLDER = "wpstack/wordpress:e2e-older";

    private static final int OLDER_DB_VERSION = 58975;

    private final Path work = Path.of("target", "e2e").toAbsolutePath();
    private Wpstack wpstack;
    private Map<String, String> credentials;
    private String wordpressV1;
    private String adminerV1;

    @BeforeAll
    void deploy() throws Exception {
        Files.createDirectories(work);
        wpstack = new Wpstack(Map.of(
                "WPSTACK_STACK",
                STACK,
                "WPSTACK_HTTP_PORT",
                String.valueOf(HTTP_PORT),
                "WPSTACK_ADMINER_PORT",
                String.valueOf(ADMINER_PORT),
                "WPSTACK_HTTPS_PORT",
                "18843",
                "WPSTACK_WORDPRESS_REPLICAS",
                "2",
                "WPSTACK_CREDENTIALS",
                work.resolve("credentials-" + STACK).toString()));
        wpstack.run("down", "--purge");
        CommandResult up = wpstack.run("up");
        assertEquals(0, up.exitCode(), up.error());
        assertTrue(up.output().contains("versions of stack " + STACK + ":"), up.output());
        credentials = wpstack.credentials();
        wordpressV1 = image("wordpress");
        adminerV1 = image("adminer");
    }

    @AfterAll
    void removeStack() {
        if (wpstack != null) {
            CommandResult down = wpstack.run("down", "--purge");
            assertEquals(0, down.exitCode(), down.error());
        }
        for (String tag : List.of(
                "wpstack/wordpress:" + V2,
                "wpstack/adminer:" + V2,
                "wpstack/mariadb:" + V2,
                "wpstack/caddy:" + V2,
                BROKEN,
                OLDER)) {
            DockerCli.run("image", "rm", tag);
        }
    }

    private static String image(String service) {
        return ServiceImages.of(STACK, service);
    }

    /** The image of each running task of SERVICE (what really serves, not what the spec says). */
    private static List<String> runningImages(String service) {
        return DockerCli.check(
                        "service",
                        "ps",
                        "--filter",
                        "desired-state=running",
                        "--format",
                        "{{.CurrentState}} {{.Image}}",
                        STACK + "_" + service)
                .lines()
                .filter(line -> line.startsWith("Running "))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .map(image -> image.contains("@") ? image.substring(0, image.indexOf('@')) : image)
                .toList();
    }

    /**
     * CHANGE under the steady load of the home page (3 streams), its figures printed as "WHAT: TOOK_LABEL N
     * s; figures" (scripts/bench-release.sh reads these lines).
     */
    private static SteadyLoad.Outcome<CommandResult> underSiteLoad(
            String what, String tookLabel, java.util.concurrent.Callable<CommandResult> change) throws Exception {
        var outcome = SteadyLoad.during(
                List.of(new SteadyLoad.Target("wordpress", SITE, Web.anonymous(), 3)), change, Duration.ofSeconds(5));
        System.out.printf(
                "%s: %s%d s; %s%n", what, tookLabel, outcome.changeTook().toSeconds(), outcome.of("wordpress"));
        return outcome;
    }

    private List<SteadyLoad.Target> siteAndAdminer() {
        return List.of(
                new SteadyLoad.Target("wordpress", SITE, Web.anonymous(), 3),
                new SteadyLoad.Target(
                        "adminer",
                        ADMINER,
                        Web.basicAuth(credentials.get("lb_admin_user"), credentials.get("lb_admin_pass")),
                        1));
    }

    @Test
    @Order(1)
    void aBrokenCaddyfileIsRefusedWithCaddysOwnErrorAndNeverReachesTheSwarm() throws Exception {
        String config = DockerCli.check(
                "service",
                "inspect",
                "--format",
                "{{(index .Spec.TaskTemplate.ContainerSpec.Configs 0).ConfigName}}",
                STACK + "_caddy");
        byte[] original = Files.readAllBytes(CADDYFILE);
        CommandResult up;
        try {
            Files.writeString(
                    CADDYFILE, new String(original, StandardCharsets.UTF_8) + "\n:19999 {\n\tno_such_directive\n}\n");
            up = wpstack.run("up");
        } finally {
            Files.write(CADDYFILE, original);
        }
        assertEquals(1, up.exitCode(), up.error());
        assertTrue(up.error().contains("Caddy refuses config/caddy/Caddyfile"), up.error());
        assertTrue(
                up.error().contains("unrecognized directive: no_such_directive"), "Caddy's own error: " + up.error());
        assertEquals(
                config,
                DockerCli.check(
                        "service",
                        "inspect",
                        "--format",
                        "{{(index .Spec.TaskTemplate.ContainerSpec.Configs 0).ConfigName}}",
                        STACK + "_caddy"),
                "the caddy service was changed");
    }

    @Test
    @Order(2)
    void aNewVersionOfWordPressAndAdminerRollsUnderLoadFailingNoRequest() throws Exception {
        DockerCli.check("tag", wordpressV1, "wpstack/wordpress:" + V2);
        DockerCli.check("tag", adminerV1, "wpstack/adminer:" + V2);
        Wpstack v2 = wpstack.with("WPSTACK_WORDPRESS_IMAGE", "wpstack/wordpress:" + V2)
                .with("WPSTACK_ADMINER_IMAGE", "wpstack/adminer:" + V2);
        var outcome = SteadyLoad.during(siteAndAdminer(), () -> v2.run("up"), Duration.ofSeconds(5));
        CommandResult up = outcome.change();
        System.out.printf(
                "roll of wordpress (2 replicas), cron and adminer to a new version: up took %d s; %s; %s%n",
                outcome.changeTook().toSeconds(), outcome.of("wordpress"), outcome.of("adminer"));
        assertEquals(0, up.exitCode(), up.error());
        assertEquals("wpstack/wordpress:" + V2, image("wordpress"));
        assertEquals("wpstack/adminer:" + V2, image("adminer"));
        assertTrue(up.output().matches("(?s).*\\n  wordpress +" + V2 + " +\\(updated from [^)]+\\)\\n.*"), up.output());
        assertTrue(up.output().matches("(?s).*\\n  mariadb +\\S+ +\\(unchanged\\)\\n.*"), up.output());
        assertTrue(outcome.of("wordpress").ok() > 20, "too few requests to mean anything: " + outcome.of("wordpress"));
        assertEquals(
                List.of(),
                outcome.of("wordpress").failures(),
                outcome.of("wordpress").toString());
        assertEquals(
                List.of(),
                outcome.of("adminer").failures(),
                outcome.of("adminer").toString());
    }

    @Test
    @Order(3)
    void rollbackReturnsWordPressToItsPreviousVersionUnderLoad() throws Exception {
        var outcome = underSiteLoad("./wpstack rollback wordpress", "", () -> wpstack.run("rollback", "wordpress"));
        CommandResult rollback = outcome.change();
        assertEquals(0, rollback.exitCode(), rollback.error());
        assertTrue(rollback.error().contains("rolling wordpress back from " + V2 + " to "), rollback.error());
        assertEquals(wordpressV1, image("wordpress"));
        assertEquals(List.of(wordpressV1, wordpressV1), runningImages("wordpress"), "the tasks that serve");
        assertEquals("wpstack/adminer:" + V2, image("adminer"), "adminer was not named and stays");
        assertEquals(
                List.of(),
                outcome.of("wordpress").failures(),
                outcome.of("wordpress").toString());

        CommandResult unknown = wpstack.run("rollback", "mysql");
        assertEquals(2, unknown.exitCode(), unknown.error());
        assertTrue(unknown.error().contains("unknown service \"mysql\""), unknown.error());
    }

    @Test
    @Order(4)
    void aWordPressImageThatCrashesAtStartIsRolledBackBySwarmWhileTheSiteServes() throws Exception {
        BrokenImages.crashingWordPress(work, BROKEN);
        var outcome = underSiteLoad(
                "a WordPress image that exits at start",
                "up ended (rolled back) after ",
                () -> wpstack.with("WPSTACK_WORDPRESS_IMAGE", BROKEN).run("up"));
        CommandResult up = outcome.change();
        assertEquals(1, up.exitCode(), up.error());
        assertTrue(
                up.error()
                        .contains("service wordpress: the update to " + BROKEN + " failed and Swarm rolled it back to "
                                + wordpressV1),
                up.error());
        assertTrue(up.error().contains("task error: " + STACK + "_wordpress."), "the task's error: " + up.error());
        assertTrue(up.error().contains("exit (3)"), "the task's exit status: " + up.error());
        assertEquals(wordpressV1, image("wordpress"));
        assertEquals(List.of(wordpressV1, wordpressV1), runningImages("wordpress"), "the tasks that serve");
        assertEquals(
                List.of(),
                outcome.of("wordpress").failures(),
                outcome.of("wordpress").toString());
    }

    @Test
    @Order(5)
    void historyListsEveryDeployAndRollbackWithWhoRanIt() {
        CommandResult history = wpstack.run("history");
        assertEquals(0, history.exitCode(), history.error());
        List<String> lines = history.output().lines().toList();
        assertTrue(lines.getFirst().startsWith("TIME "), history.output());
        // Newest first: the rolled-back up, the rollback, the up to v2, the first up (the refused one made none).
        assertEquals(5, lines.size(), history.output());
        assertTrue(lines.get(1).contains(" up ") && lines.get(1).contains("rolled back by Swarm"), history.output());
        assertTrue(
                lines.get(2).contains(" rollback ") && lines.get(2).contains("rolled back wordpress"),
                history.output());
        assertTrue(lines.get(3).contains(" up ") && lines.get(3).contains("wordpress=" + V2), history.output());
        assertTrue(lines.get(4).contains(" up ") && lines.get(4).contains(" deployed "), history.output());
        assertTrue(lines.get(4).contains("root"), "who deployed: " + history.output());
    }

    /** The release the tests below start from: Adminer at V2 (where order 2 left it), the rest as named. */
    private Wpstack release(String... images) {
        Wpstack release = wpstack.with("WPSTACK_ADMINER_IMAGE", "wpstack/adminer:" + V2);
        for (int i = 0; i + 1 < images.length; i += 2) {
            release = release.with("WPSTACK_" + images[i] + "_IMAGE", images[i + 1]);
        }
        return release;
    }

    @Test
    @Order(6)
    void aNewVersionOfMariaDbRestartsItWhilePageViewsWaitForItAndNoneFails() throws Exception {
        String mariadbV1 = image("mariadb");
        DockerCli.check("tag", mariadbV1, "wpstack/mariadb:" + V2);
        var outcome =
                underSiteLoad("roll of mariadb (stop-first: a restart) to a new version", "up took ", () -> release(
                                "MARIADB", "wpstack/mariadb:" + V2)
                        .run("up"));
        CommandResult up = outcome.change();
        assertEquals(0, up.exitCode(), up.error());
        assertEquals("wpstack/mariadb:" + V2, image("mariadb"));
        assertTrue(up.output().matches("(?s).*\\n  mariadb +" + V2 + " +\\(updated from [^)]+\\)\\n.*"), up.output());
        assertTrue(outcome.of("wordpress").ok() > 20, "too few requests to mean anything: " + outcome.of("wordpress"));
        assertEquals(
                List.of(),
                outcome.of("wordpress").failures(),
                "page views during MariaDB's restart (images/wordpress/db.php waits for it): "
                        + outcome.of("wordpress"));
    }

    @Test
    @Order(7)
    void aNewVersionOfCaddyRollsFailingNoRequestItsNewConnectionsHeldWhileItRestarts() throws Exception {
        DockerCli.check("tag", image("caddy"), "wpstack/caddy:" + V2);
        var outcome =
                underSiteLoad("roll of caddy (stop-first: host-mode ports) to a new version", "up took ", () -> release(
                                "MARIADB", "wpstack/mariadb:" + V2, "CADDY", "wpstack/caddy:" + V2)
                        .run("up"));
        CommandResult up = outcome.change();
        assertEquals(0, up.exitCode(), up.error());
        assertEquals("wpstack/caddy:" + V2, image("caddy"));
        // Host-mode ports: the new task starts only once the old one stopped, about a second later. up drops
        // the SYN of each new connection meanwhile, and the client's resend reaches the new Caddy
        // (docs/benchmarks.md, "MariaDB, Caddy and WordPress's database upgrade under load").
        String said = up.output() + up.error();
        assertTrue(
                said.contains("held new connections to Caddy's ports for ")
                        && said.contains("(the new Caddy accepted connections)"),
                said);
        assertEquals(
                List.of(),
                outcome.of("wordpress").failures(),
                "a request failed while Caddy rolled: " + outcome.of("wordpress"));
        String rules = io.wpstack.testkit.Processes.run(
                        List.of("iptables", "-w", "-t", "raw", "-S"), Map.of(), null, null, Duration.ofSeconds(10))
                .orThrow();
        assertFalse(rules.contains("wpstack-hold-" + STACK), "up left its hold in iptables:\n" + rules);
        assertEquals(200, Web.anonymous().get(SITE).statusCode(), "the site after Caddy's roll");
    }

    /**
     * An image with a newer WordPress over a database written by an older one. The older release is this
     * image with WordPress 6.7's db_version (Debian has one WordPress; db_version is what the upgrade
     * keys on), over a database set back to that version. Rolling to the real image under load with an
     * administrator on wp-admin: the first new replica upgrades the database before it serves, exactly
     * once, and no request of the administrator's is sent to "Database Update Required", on either
     * version's replicas.
     */
    @Test
    @Order(8)
    void aNewerWordPressUpgradesTheDatabaseOnceBeforeItServesAndNoAdministratorIsAskedTo() throws Exception {
        Path context = Files.createTempDirectory(work, "older-image");
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM " + wordpressV1 + "\nUSER root\nRUN sed -i 's/^\\$wp_db_version = .*/$wp_db_version = "
                        + OLDER_DB_VERSION + ";/' /usr/share/wordpress/wp-includes/version.php"
                        + " && grep -q '^.wp_db_version = " + OLDER_DB_VERSION + ";' "
                        + "/usr/share/wordpress/wp-includes/version.php\nUSER www-data\n");
        DockerCli.check("build", "-q", "-t", OLDER, context.toString());
        Wpstack older = release("MARIADB", "wpstack/mariadb:" + V2, "CADDY", "wpstack/caddy:" + V2, "WORDPRESS", OLDER);
        CommandResult toOlder = older.run("up");
        assertEquals(0, toOlder.exitCode(), toOlder.error());
        assertTrue(
                toOlder.error().contains("the database was written by a newer WordPress (db_version "),
                "an older WordPress leaves a newer database alone, and says so: " + toOlder.error());
        String newest = sql("SELECT option_value FROM wp_options WHERE option_name = 'db_version'");
        assertTrue(Integer.parseInt(newest) > OLDER_DB_VERSION, "db_version " + newest);
        // The database as the older release wrote it.
        sql("UPDATE wp_options SET option_value = '" + OLDER_DB_VERSION + "' WHERE option_name = 'db_version'");
        Web admin = Web.anonymous();
        admin.logInToWordPress(
                SITE.substring(0, SITE.length() - 1),
                credentials.get("wp_admin_user"),
                credentials.get("wp_admin_pass"));
        assertEquals(200, admin.get(SITE + "wp-admin/").statusCode(), "wp-admin on the older release");

        var outcome = SteadyLoad.during(
                List.of(
                        new SteadyLoad.Target("wordpress", SITE, Web.anonymous(), 2),
                        new SteadyLoad.Target("wp-admin", SITE + "wp-admin/", admin, 1)),
                () -> release("MARIADB", "wpstack/mariadb:" + V2, "CADDY", "wpstack/caddy:" + V2)
                        .run("up"),
                Duration.ofSeconds(5));
        CommandResult up = outcome.change();
        System.out.printf(
                "roll of wordpress to a newer WordPress over an older database: up took %d s; %s; %s%n",
                outcome.changeTook().toSeconds(), outcome.of("wordpress"), outcome.of("wp-admin"));
        assertEquals(0, up.exitCode(), up.error());
        assertEquals(newest, sql("SELECT option_value FROM wp_options WHERE option_name = 'db_version'"));
        assertEquals(
                List.of(),
                outcome.of("wordpress").failures(),
                outcome.of("wordpress").toString());
        assertEquals(
                List.of(),
                outcome.of("wp-admin").failures(),
                "the administrator was sent elsewhere (a 302 to upgrade.php) or failed: " + outcome.of("wp-admin"));
        assertTrue(outcome.of("wp-admin").ok() > 5, "too few wp-admin views: " + outcome.of("wp-admin"));
        String logs = containerLogs("wordpress");
        assertEquals(
                1,
                logs.lines()
                        .filter(line -> line.contains(
                                "wordpress: database upgraded from db_version " + OLDER_DB_VERSION + " to " + newest))
                        .count(),
                "the upgrade ran exactly once across the replicas: " + logs);
        assertTrue(!up.error().contains("WordPress database upgraded"), "up found it done already: " + up.error());
    }

    /**
     * What every container of SERVICE, running or ended, wrote (the entrypoint writes on stderr). Not
     * `docker service logs`, which hung here for minutes over the ended tasks.
     */
    private static String containerLogs(String service) {
        StringBuilder logs = new StringBuilder();
        for (String id : DockerCli.check(
                        "ps",
                        "-a",
                        "--quiet",
                        "--filter",
                        "label=com.docker.swarm.service.name=" + STACK + "_" + service)
                .lines()
                .toList()) {
            CommandResult log = DockerCli.run("logs", id);
            logs.append(log.output()).append(log.error());
        }
        return logs.toString();
    }

    private String sql(String statement) {
        return MariaDb.asRoot(STACK, credentials.get("db_root_pass"), statement);
    }
}

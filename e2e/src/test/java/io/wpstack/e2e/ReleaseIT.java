package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Releases as an operator makes them, on one deployment: a broken Caddyfile refused before it reaches
 * the swarm, a new version of WordPress and Adminer rolled under a steady load through Caddy, a manual
 * rollback, a WordPress image that crashes at start rolled back by Swarm (and up saying so), and the
 * history of it all read back from the swarm. The new versions are tags of the built images (a tag is
 * what a version is to Swarm); the broken one is built here on top of the real WordPress image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
        for (String tag : List.of("wpstack/wordpress:" + V2, "wpstack/adminer:" + V2, BROKEN)) {
            DockerCli.run("image", "rm", tag);
        }
    }

    private static String image(String service) {
        String image = DockerCli.check(
                "service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", STACK + "_" + service);
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at);
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
        var outcome = SteadyLoad.during(
                List.of(new SteadyLoad.Target("wordpress", SITE, Web.anonymous(), 3)),
                () -> wpstack.run("rollback", "wordpress"),
                Duration.ofSeconds(5));
        CommandResult rollback = outcome.change();
        System.out.printf(
                "./wpstack rollback wordpress: %d s; %s%n", outcome.changeTook().toSeconds(), outcome.of("wordpress"));
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
        Path context = Files.createTempDirectory(work, "broken-image");
        Files.writeString(
                context.resolve("Dockerfile"),
                "FROM wpstack/wordpress:latest\n# A release that dies at start.\nENTRYPOINT [\"/bin/sh\", \"-c\", \"echo"
                        + " broken release >&2; exit 3\"]\n");
        DockerCli.check("build", "-q", "-t", BROKEN, context.toString());
        var outcome = SteadyLoad.during(
                List.of(new SteadyLoad.Target("wordpress", SITE, Web.anonymous(), 3)),
                () -> wpstack.with("WPSTACK_WORDPRESS_IMAGE", BROKEN).run("up"),
                Duration.ofSeconds(5));
        CommandResult up = outcome.change();
        System.out.printf(
                "a WordPress image that exits at start: up ended (rolled back) after %d s; %s%n",
                outcome.changeTook().toSeconds(), outcome.of("wordpress"));
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
}

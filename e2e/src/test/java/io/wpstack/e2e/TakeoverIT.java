package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.testkit.CommandResult;
import io.wpstack.testkit.DockerCli;
import io.wpstack.testkit.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A deployment made by the last bash-only ./wpstack (commit {@value #BASH_COMMIT}, checked out as a
 * git worktree) is taken over by today's Java CLI: its credentials file and secrets are read as they
 * are (it may only add a credential this version brings), its up replaces no task of a service
 * whose image is unchanged, its down --purge removes everything the bash version made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(4)
@ResourceLock(Lanes.TWO)
class TakeoverIT {
    static final String BASH_COMMIT = "f7daf7f";
    private static final String STACK = "e2etake";
    private static final Duration UP = Duration.ofMinutes(15);

    private final Path work = Path.of("target", "e2e-takeover").toAbsolutePath();
    private final Path old = work.resolve("bash-wpstack");
    private Wpstack wpstack;
    private Map<String, String> environment;
    /** The tags the bash version's up builds under (wpstack/NAME:latest and :VERSION), each with its image before it. */
    private Map<String, String> tagsBefore = Map.of();

    @BeforeAll
    void checkOutTheBashVersion() throws IOException {
        Files.createDirectories(work);
        environment = Map.of(
                "WPSTACK_STACK", STACK,
                "WPSTACK_HTTP_PORT", "18480",
                "WPSTACK_ADMINER_PORT", "18488",
                "WPSTACK_HTTPS_PORT", "18443",
                "WPSTACK_CREDENTIALS", work.resolve("credentials-" + STACK).toString());
        wpstack = new Wpstack(environment);
        tagsBefore = builtTags();
        wpstack.run("down", "--purge");
        git("worktree", "remove", "--force", old.toString());
        git("worktree", "prune");
        CommandResult add = git("worktree", "add", "--detach", old.toString(), BASH_COMMIT);
        assertEquals(0, add.exitCode(), "git worktree add " + BASH_COMMIT + ": " + add.error());
    }

    @AfterAll
    void cleanUp() {
        if (wpstack != null) {
            wpstack.run("down", "--purge");
        }
        git("worktree", "remove", "--force", old.toString());
        restoreTags();
    }

    /**
     * The wpstack/* tags of this engine that a build moves, :latest and the version, each with its image ID
     * (:id-* tags name their content and never move).
     */
    private static Map<String, String> builtTags() {
        String version = ":" + Wpstack.revision();
        Map<String, String> tags = new java.util.TreeMap<>();
        DockerCli.check(
                        "images",
                        "--no-trunc",
                        "--format",
                        "{{.Repository}}:{{.Tag}} {{.ID}}",
                        "--filter",
                        "reference=wpstack/*")
                .lines()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length == 2 && (fields[0].endsWith(":latest") || fields[0].endsWith(version)))
                .forEach(fields -> tags.put(fields[0], fields[1]));
        return tags;
    }

    /**
     * Points every tag the bash version's up moved back at its image from before: it builds the old commit's
     * images as wpstack/NAME:VERSION and :latest (the docker-exporter's too, for its convergence check), and a
     * suite after this one that deploys :latest without building (MonitoringStackIT promotes it) would run the
     * old exporter, which has no node mode and no /sd.
     */
    private void restoreTags() {
        Map<String, String> now = builtTags();
        List<String> lost = new java.util.ArrayList<>();
        tagsBefore.forEach((tag, image) -> {
            if (!image.equals(now.get(tag)) && !DockerCli.run("tag", image, tag).ok()) {
                lost.add(tag);
            }
        });
        // An image whose last tag went (up removes the :id-* tags no service uses) is gone: build this
        // checkout's images again instead, as CI's images step did (from the build cache).
        if (!lost.isEmpty()) {
            System.out.println("TakeoverIT: cannot point " + lost + " back at their images; building them again");
            CommandResult build = wpstack.run(Duration.ofMinutes(15), "build");
            assertEquals(0, build.exitCode(), build.output() + build.error());
        }
    }

    private static CommandResult git(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", Wpstack.ROOT.toString()));
        command.addAll(List.of(args));
        return Processes.run(command, Map.of(), Wpstack.ROOT, null, Duration.ofMinutes(2));
    }

    /** The running tasks of SERVICE, by ID. */
    private static Set<String> runningTasks(String service) {
        return new TreeSet<>(
                List.of(DockerCli.check("service", "ps", "--quiet", "--filter", "desired-state=running", service)
                        .split("\\s+")));
    }

    /** Each service of the stack, with its image and configs (what this version may change). */
    private static Map<String, String> serviceImages() {
        Map<String, String> images = new java.util.TreeMap<>();
        for (String name : DockerCli.check(
                        "service",
                        "ls",
                        "--filter",
                        "label=com.docker.stack.namespace=" + STACK,
                        "--format",
                        "{{.Name}}")
                .strip()
                .split("\n")) {
            images.put(
                    name,
                    DockerCli.check(
                                    "service",
                                    "inspect",
                                    name,
                                    "--format",
                                    "{{.Spec.TaskTemplate.ContainerSpec.Image}}{{range"
                                            + " .Spec.TaskTemplate.ContainerSpec.Configs}} {{.ConfigName}}{{end}}")
                            .strip());
        }
        return images;
    }

    @Test
    void theJavaCliTakesOverADeploymentOfTheBashVersion() throws IOException {
        // The bash version knows no WPSTACK_JAVA (the launcher exports it to the CLI, and ./wpstack test
        // runs this suite from the CLI): it would refuse it as a mistyped setting.
        CommandResult bashUp = Processes.run(
                List.of("env", "-u", "WPSTACK_JAVA", old.resolve("wpstack").toString(), "up"),
                environment,
                old,
                null,
                UP);
        assertEquals(0, bashUp.exitCode(), "the bash version's up: " + bashUp.error());
        Map<String, String> imagesBefore = serviceImages();
        Map<String, Set<String>> before = new java.util.TreeMap<>();
        imagesBefore.keySet().forEach(service -> before.put(service, runningTasks(service)));
        String credentials = Files.readString(work.resolve("credentials-" + STACK));
        String rows = wordpressRows(credentials);

        CommandResult up = wpstack.run(UP, "up");
        assertEquals(0, up.exitCode(), up.error());
        // A service whose image and configs this version makes alike keeps its tasks; one whose image or
        // config changed since the bash version (a Dockerfile, an entrypoint, the Caddyfile) is rolled, as
        // any upgrade rolls it. MariaDB's image changed since (its binary log, for restore --to): it is rolled
        // too, and its volume keeps every row.
        Map<String, String> imagesAfter = serviceImages();
        int kept = 0;
        for (var service : imagesBefore.entrySet()) {
            assertTrue(imagesAfter.containsKey(service.getKey()), "up removed " + service.getKey());
            if (service.getValue().equals(imagesAfter.get(service.getKey()))) {
                assertEquals(
                        before.get(service.getKey()),
                        runningTasks(service.getKey()),
                        "the Java CLI's up replaced tasks of " + service.getKey()
                                + ", whose image and configs are unchanged:\n" + up.error());
                kept++;
            }
        }
        assertTrue(kept >= 1, "Adminer and more keep their tasks: " + imagesBefore + " -> " + imagesAfter);
        assertEquals(rows, wordpressRows(credentials), "the rows of the WordPress database, after MariaDB's roll");
        // The file keeps every line it had, verbatim; this version may only add credentials it brings.
        String after = Files.readString(work.resolve("credentials-" + STACK));
        for (String line : credentials.split("\n")) {
            assertTrue(after.contains(line + "\n"), "the credentials file lost or changed a line");
        }
        for (String line : after.split("\n")) {
            assertTrue(
                    credentials.contains(line + "\n") || line.startsWith("backup_repo_pass="),
                    "up added an unexpected credential: " + line.replaceFirst("=.*", ""));
        }
        assertTrue(up.error().contains("WordPress") || up.output().contains("WordPress:"), up.output());

        CommandResult down = wpstack.run("down", "--purge");
        assertEquals(0, down.exitCode(), down.error());
        assertEquals("", DockerCli.check("service", "ls", "--quiet", "--filter", "name=" + STACK + "_"));
        assertEquals("", DockerCli.check("volume", "ls", "--quiet", "--filter", "name=" + STACK + "_"));
        assertEquals("", DockerCli.check("secret", "ls", "--quiet", "--filter", "name=" + STACK + "_"));
        assertEquals("", DockerCli.check("config", "ls", "--quiet", "--filter", "name=" + STACK + "_"));
        assertTrue(Files.notExists(work.resolve("credentials-" + STACK)), "the credentials file is left");
    }

    /** The rows of wp_posts and wp_users, counted in the MariaDB container. */
    private static String wordpressRows(String credentials) {
        String password = credentials
                .lines()
                .filter(line -> line.startsWith("db_root_pass="))
                .findFirst()
                .orElseThrow()
                .substring("db_root_pass=".length());
        return MariaDb.asRoot(
                STACK,
                password,
                "SELECT (SELECT COUNT(*) FROM wordpress.wp_posts), (SELECT COUNT(*) FROM wordpress.wp_users)");
    }
}

package io.wpstack.cli.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.plan.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestStepsTest {
    @TempDir
    Path root;

    final Fakes.Docker docker = new Fakes.Docker();
    final Fakes.Host host = new Fakes.Host();
    final Fakes.RecordingExecutor executor = new Fakes.RecordingExecutor();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    TestSteps steps(boolean inContainer) {
        return new TestSteps(
                root, Map.of("WPSTACK_JAVA", root.resolve("jdk/bin/java").toString()), inContainer, docker, host, 42);
    }

    static Map<String, List<String>> prerequisites(List<TestStep> steps) {
        Map<String, List<String>> order = new LinkedHashMap<>();
        steps.forEach(step -> order.put(step.name(), step.prerequisites()));
        return order;
    }

    List<StepResult> run(List<TestStep> steps) {
        return new StepRunner(executor, new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0).run(steps);
    }

    @Test
    void stepsRunInBashsOrderWithTheirPrerequisites() {
        var expected = new LinkedHashMap<String, List<String>>();
        expected.put("preflight", List.of());
        expected.put("docker engine", List.of("preflight"));
        expected.put("swarm", List.of("docker engine"));
        expected.put("static checks", List.of("preflight"));
        expected.put("base image", List.of("docker engine"));
        expected.put("images", List.of("base image"));
        expected.put("java runtime", List.of("base image"));
        expected.put("stack configs", List.of("images"));
        expected.put("monitoring configs", List.of("images"));
        expected.put("java suites", List.of("swarm"));
        assertEquals(expected, prerequisites(steps(false).steps()));
    }

    @Test
    void javaSuitesInTheContainerAlsoNeedTheBaseImage() {
        assertEquals(
                List.of("swarm", "base image"),
                prerequisites(steps(true).steps()).get("java suites"));
    }

    @Test
    void aFailedPrerequisiteSkipsItsDependentsAndTheRunExitsOne() throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
        root.resolve("mvnw").toFile().setExecutable(true);
        executor.fails = run -> run.argv().contains("ensure_docker");

        var results = run(steps(false).steps());

        Map<String, String> labels = new LinkedHashMap<>();
        results.forEach(r -> labels.put(r.name(), r.label()));
        var expected = new LinkedHashMap<String, String>();
        expected.put("preflight", "PASS");
        expected.put("docker engine", "FAIL (exit 3)");
        expected.put("swarm", "SKIP (needs docker engine)");
        expected.put("static checks", "PASS");
        expected.put("base image", "SKIP (needs docker engine)");
        expected.put("images", "SKIP (needs base image)");
        expected.put("java runtime", "SKIP (needs base image)");
        expected.put("stack configs", "SKIP (needs images)");
        expected.put("monitoring configs", "SKIP (needs images)");
        expected.put("java suites", "SKIP (needs swarm)");
        assertEquals(expected, labels);
        String output = err.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("wpstack: warning: skipping \"swarm\": \"docker engine\" did not pass"), output);
        var summary = TestCommand.summary(root, results, Instant.EPOCH, 7);
        assertEquals(1, summary.exitCode());
        assertTrue(summary.text().contains("wpstack test: 8 of 10 steps did not pass"), summary.text());
        // Nothing ran after the failed docker engine step but the static checks.
        assertEquals(
                List.of(List.of("ensure_docker")),
                executor.commands().stream()
                        .filter(argv -> argv.getFirst().equals("bash"))
                        .map(argv -> argv.subList(5, argv.size()))
                        .toList());
    }

    @Test
    void aPartThatThrowsFailsItsStepOnly() {
        host.system = "Darwin";
        var results = run(List.of(steps(false).steps().getFirst()));
        assertEquals("FAIL (exit 1)", results.getFirst().label());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("wpstack: error: wpstack needs Linux (found Darwin)"));
    }

    @Test
    void everyStepPassingExitsZero() {
        var results = List.of(StepResult.passed("preflight", 1), StepResult.passed("docker engine", 2));
        var summary = new TestSummary(results, List.of(), 3, root);
        assertEquals(0, summary.exitCode());
        assertTrue(summary.text().endsWith("wpstack test: all 2 steps passed\n"), summary.text());
        assertTrue(summary.text().contains(String.format("  %-20s %-28s %5ss%n", "preflight", "PASS", 1)));
    }

    @Test
    void shellcheckRunsOnTheLauncherAndEveryScriptButThoseOfPrunedFolders() throws IOException {
        for (String file : List.of("wpstack", "lib/b.sh", "lib/a.sh", "target/x.sh", ".wpstack/y.sh", "images/z.sh")) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), "#!/bin/bash\n");
        }
        var plan = steps(false).shellcheck();
        assertEquals(
                List.of(List.of("shellcheck", "-x", "wpstack", "images/z.sh", "lib/a.sh", "lib/b.sh")),
                plan.commands());
    }

    @Test
    void caddyfileValidatesInEveryTlsVariantWithBashsArguments() {
        var plan = steps(false).validateCaddyfile();
        var runs = plan.steps().stream()
                .filter(Step.Run.class::isInstance)
                .map(s -> Logged.command((Step.Run) s))
                .toList();
        assertEquals(5, runs.size());
        assertEquals(
                List.of(
                        "docker",
                        "run",
                        "--rm",
                        "-e",
                        "DOMAIN=example.com",
                        "-e",
                        "TLS=internal",
                        "-v",
                        root.resolve(".wpstack/test/caddy-secrets") + ":/run/secrets:ro",
                        "-v",
                        root.resolve("config/caddy/Caddyfile") + ":/etc/caddy/Caddyfile:ro",
                        "wpstack/caddy:latest",
                        "caddy",
                        "validate",
                        "--config",
                        "/etc/caddy/Caddyfile",
                        "--adapter",
                        "caddyfile"),
                runs.get(3));
        assertEquals(
                root.resolve(".wpstack/logs/caddy-validate.log").toString(),
                ((Step.Run) plan.steps().get(2)).argv().get(4));
    }

    @Test
    void hostSuitesRunMavenOnTheLaunchersJdk() throws IOException {
        Files.createDirectories(root.resolve("jdk/bin"));
        Files.writeString(root.resolve("jdk/bin/javac"), "");
        root.resolve("jdk/bin/javac").toFile().setExecutable(true);
        var run = (Step.Run) steps(false).suitesOnHost().steps().get(1);
        assertEquals(List.of("./mvnw", "-B", "verify"), Logged.command(run));
        assertEquals(Map.of("JAVA_HOME", root.resolve("jdk").toString()), run.environment());
    }

    @Test
    void containerSuitesRunBashsDockerRun() {
        var run = (Step.Run) steps(true).suitesInContainer().steps().get(1);
        assertEquals(
                List.of(
                        "docker",
                        "run",
                        "--rm",
                        "--name",
                        "wpstack-verify-42",
                        "-v",
                        "/var/run/docker.sock:/var/run/docker.sock",
                        "--network",
                        "host",
                        "--pid",
                        "host",
                        "-v",
                        root + ":" + root,
                        "-w",
                        root.toString(),
                        "-v",
                        "wpstack-m2:/root/.m2",
                        "wpstack/jdk:25",
                        "./mvnw",
                        "-B",
                        "verify"),
                Logged.command(run));
    }
}

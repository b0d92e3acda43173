package io.wpstack.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.engine.DockerHost;
import io.wpstack.exporter.check.CheckCommand;
import io.wpstack.exporter.cli.Command;
import io.wpstack.exporter.docker.ApiRequestCounter;
import io.wpstack.exporter.docker.DockerClient;
import io.wpstack.testkit.CommandResult;
import io.wpstack.testkit.DockerCli;
import io.wpstack.testkit.Poll;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The exporter against the host's real dockerd (a single-node swarm): every service is created
 * here, with a per-run prefix, and every figure is checked against what the docker CLI reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExporterIT {
    private static final String IMAGE = System.getenv().getOrDefault("WPSTACK_TEST_IMAGE", "wpstack/base:trixie");
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private final String run =
            "it-exp-" + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
    private final List<String> services = new ArrayList<>();
    private RunningExporter exporter;

    @BeforeAll
    void startExporterAndServices() throws Exception {
        removeLeftovers();
        exporter = new RunningExporter("", Duration.ofSeconds(10));
        create("web-app", "--replicas", "2", IMAGE, "sleep", "infinity");
        create("agent", "--mode", "global", IMAGE, "sleep", "infinity");
        create("migrate", "--mode", "replicated-job", "--replicas", "3", "--max-concurrent", "1", IMAGE, "true");
        create("pending", "--replicas", "2", "--constraint", "node.labels.zone==nowhere", IMAGE, "sleep", "infinity");
        create("idle", "--replicas", "0", IMAGE, "sleep", "infinity");
        create("crashing", "--restart-delay", "1s", IMAGE, "sh", "-c", "sleep 1; exit 3");
    }

    @AfterAll
    void removeServices() {
        if (exporter != null) {
            exporter.close();
        }
        if (!services.isEmpty()) {
            DockerCli.run(concat(List.of("service", "rm"), services));
        }
        removeFinishedJobContainers();
    }

    @Test
    void replicatedGlobalPendingAndScaledToZeroMatchTheEngine() {
        for (String name : List.of("web-app", "agent", "pending", "idle")) {
            String service = name(name);
            Poll.until(
                    service + " to read as the engine's truth",
                    CONVERGE,
                    () -> {
                        RunningExporter.Scrape scrape = exporter.scrape();
                        return scrape.service("docker_swarm_service_replicas_running", service) == runningTasks(service)
                                && scrape.service("docker_swarm_service_replicas_desired", service)
                                        == desiredReplicas(service);
                    },
                    () -> exporter.scrape().text());
        }
        RunningExporter.Scrape scrape = exporter.scrape();
        assertEquals(2, scrape.service("docker_swarm_service_replicas_running", name("web-app")));
        assertEquals(1, scrape.service("docker_swarm_service_replicas_desired", name("agent")));
        assertEquals(0, scrape.service("docker_swarm_service_replicas_running", name("pending")));
        assertEquals(2, scrape.service("docker_swarm_service_replicas_desired", name("pending")));
        assertEquals(
                2,
                scrape.value("docker_swarm_service_tasks{service=\"" + name("pending")
                                + "\",stack=\"\",state=\"pending\"}")
                        .orElse(-1));
        assertEquals(0, scrape.service("docker_swarm_service_replicas_desired", name("idle")));
    }

    @Test
    void jobsReportCompletionsAndNoReplicas() {
        String service = name("migrate");
        Poll.until(
                service + " to complete 3 times",
                CONVERGE,
                () -> exporter.scrape().service("docker_swarm_service_job_completions_succeeded", service) == 3);
        assertEquals(3, completedTasks(service));
        RunningExporter.Scrape scrape = exporter.scrape();
        assertEquals(3, scrape.service("docker_swarm_service_job_completions_desired", service));
        assertEquals(-1, scrape.service("docker_swarm_service_replicas_desired", service));
        assertEquals(-1, scrape.service("docker_swarm_service_replicas_running", service));
    }

    @Test
    void aFailingCommandCountsTaskFailures() {
        String service = name("crashing");
        Poll.until(
                service + " to fail twice",
                CONVERGE,
                () -> exporter.scrape().service("docker_swarm_service_task_failures_total", service) >= 2);
        long failedInHistory = failedTasks(service);
        double counted = exporter.scrape().service("docker_swarm_service_task_failures_total", service);
        assertTrue(counted >= failedInHistory, counted + " counted, " + failedInHistory + " failed tasks in history");
        assertEquals(0, exporter.scrape().service("docker_swarm_service_task_failures_total", name("web-app")));
    }

    @Test
    void legacySeriesUseSanitisedNames() {
        String service = name("web-app");
        String legacy = service.replace('-', '_');
        Poll.until("legacy series of " + service, CONVERGE, () -> exporter.scrape()
                .value("live_" + legacy)
                .isPresent());
        RunningExporter.Scrape scrape = exporter.scrape();
        assertEquals(
                scrape.service("docker_swarm_service_replicas_desired", service),
                scrape.value("desired_" + legacy).orElseThrow());
    }

    @Test
    void theEngineRefusesDotsInServiceNames() {
        CommandResult result = DockerCli.run("service", "create", "--name", run + ".dotted", IMAGE, "true");
        assertFalse(result.ok(), "the engine accepted a dot in a service name");
        assertTrue(result.error().contains("DNS name"), result.error());
    }

    @Test
    void everyScrapeCostsExactlyThreeApiCalls() {
        double before = exporter.scrape().requests();
        exporter.scrape();
        exporter.scrape();
        double after = exporter.scrape().requests();
        assertEquals(9, after - before);
    }

    @Test
    void healthReadinessAndLandingPage() {
        assertEquals(200, exporter.get("/-/healthy").statusCode());
        assertEquals(200, exporter.get("/-/ready").statusCode());
        assertTrue(exporter.get("/").body().contains("href=\"metrics\""));
        assertEquals(404, exporter.get("/nothing-here").statusCode());
        var openMetrics = exporter.get("/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertTrue(
                openMetrics.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(openMetrics.body().contains("# TYPE docker_swarm_service info"), openMetrics.body());
        assertTrue(openMetrics.body().endsWith("# EOF\n"));
    }

    @Test
    void metricsAreGzippedAsPrometheusAsksAndHeadHasNoBody() throws IOException {
        var gzipped = exporter.request(
                "GET",
                "/metrics",
                "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5",
                "Accept-Encoding",
                "gzip");
        assertEquals(200, gzipped.statusCode());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""));
        String text;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(text.contains("\ndocker_swarm_up 1.0\n"), text);
        assertTrue(text.endsWith("# EOF\n"), text);
        assertTrue(gzipped.body().length * 3 < text.length(), "gzip did not shrink the exposition");

        var plain = exporter.request("GET", "/metrics", "Accept-Encoding", "gzip;q=0");
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
        assertTrue(plain.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));

        var head = exporter.request("HEAD", "/metrics");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
    }

    @Test
    void aMissingDaemonReadsAsDownAndNotReady() throws Exception {
        try (RunningExporter lost = new RunningExporter("unix:///run/no-such-docker.sock", Duration.ofSeconds(2))) {
            assertEquals(0, lost.scrape().up());
            assertEquals(0, lost.scrape().up());
            var ready = lost.get("/-/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("cannot reach the Docker daemon"), ready.body());
            String log = lost.log();
            assertEquals(
                    1,
                    log.lines()
                            .filter(line -> line.contains("collection failed"))
                            .count(),
                    log);
        }
    }

    @Test
    void checkWaitsForConvergenceAndExplainsWhatLags() throws Exception {
        String stack = run + "-stack";
        create("stackweb", "--label", "com.docker.stack.namespace=" + stack, IMAGE, "sleep", "infinity");
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        assertEquals(0, check(stack, "60s", good), good.toString(StandardCharsets.UTF_8));
        assertTrue(good.toString(StandardCharsets.UTF_8).contains(stack + ": converged"));
        create(
                "stackstuck",
                "--label",
                "com.docker.stack.namespace=" + stack,
                "--constraint",
                "node.role==nowhere",
                IMAGE,
                "sleep",
                "infinity");
        ByteArrayOutputStream stuck = new ByteArrayOutputStream();
        assertEquals(1, check(stack, "4s", stuck));
        String table = stuck.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("0/1"), table);
        assertTrue(table.contains(name("stackstuck") + ": task pending on no node"), table);
        assertTrue(table.contains("no suitable node"), table);
        assertTrue(table.contains("not converged after 4s"), table);
    }

    private int check(String stack, String timeout, ByteArrayOutputStream out) throws Exception {
        Command.Check options = new Command.Check(
                stack,
                io.wpstack.exporter.cli.Durations.parse("--timeout", timeout),
                Duration.ofMillis(500),
                Duration.ofSeconds(10));
        DockerClient client = new DockerClient(DockerHost.fromEnvironment(Map.of()), "it", new ApiRequestCounter());
        return new CheckCommand(client, options, new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC())
                .run();
    }

    private String name(String suffix) {
        return run + "-" + suffix;
    }

    private void create(String suffix, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "service", "create", "--detach", "--quiet", "--name", name(suffix), "--endpoint-mode", "dnsrr"));
        command.addAll(List.of(args));
        DockerCli.check(command.toArray(String[]::new));
        services.add(name(suffix));
    }

    /** The engine's own truth: tasks desired running and running. */
    private static long runningTasks(String service) {
        return lines(DockerCli.check(
                        "service", "ps", service, "--filter", "desired-state=running", "--format", "{{.CurrentState}}"))
                .stream()
                .filter(state -> state.startsWith("Running"))
                .count();
    }

    private static long completedTasks(String service) {
        return lines(DockerCli.check("service", "ps", service, "--format", "{{.CurrentState}}")).stream()
                .filter(state -> state.startsWith("Complete"))
                .count();
    }

    private static long failedTasks(String service) {
        return lines(DockerCli.check("service", "ps", service, "--format", "{{.CurrentState}}")).stream()
                .filter(state -> state.startsWith("Failed") || state.startsWith("Rejected"))
                .count();
    }

    /** Replicated: the spec; global: the nodes (a single-node swarm here). */
    private static long desiredReplicas(String service) {
        String replicas = DockerCli.check(
                "service",
                "inspect",
                service,
                "--format",
                "{{if .Spec.Mode.Replicated}}" + "{{.Spec.Mode.Replicated.Replicas}}{{else}}global{{end}}");
        return replicas.equals("global")
                ? lines(DockerCli.check("node", "ls", "--format", "{{.Status}}")).stream()
                        .filter("Ready"::equals)
                        .count()
                : Long.parseLong(replicas);
    }

    private static List<String> lines(String text) {
        return text.isBlank() ? List.of() : text.lines().toList();
    }

    private void removeLeftovers() {
        List<String> old = lines(DockerCli.check("service", "ls", "--filter", "name=it-exp-", "--format", "{{.Name}}"));
        if (!old.isEmpty()) {
            DockerCli.run(concat(List.of("service", "rm"), old));
        }
        removeFinishedJobContainers();
    }

    /** Engine 20.10 keeps the exited containers of a job's finished tasks after `service rm`. */
    private static void removeFinishedJobContainers() {
        List<String> exited = lines(DockerCli.check(
                "ps",
                "-aq",
                "--filter",
                "status=exited",
                "--filter",
                "name=it-exp-",
                "--filter",
                "label=com.docker.swarm.task"));
        if (!exited.isEmpty()) {
            DockerCli.run(concat(List.of("rm", "-f"), exited));
        }
    }

    private static String[] concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all.toArray(String[]::new);
    }
}

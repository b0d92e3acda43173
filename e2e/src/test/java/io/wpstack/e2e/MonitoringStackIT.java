package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.wpstack.cli.test.MonitoringChecks;
import io.wpstack.engine.Json;
import io.wpstack.testkit.CommandResult;
import io.wpstack.testkit.DockerCli;
import io.wpstack.testkit.Poll;
import io.wpstack.testkit.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 4 on the local swarm: `./wpstack up --env production` deploys both stacks (under their own names
 * and ports, WordPress at 1 replica over plain HTTP); Prometheus scrapes every target, the probes see what
 * the original saw, every dashboard query has data, the guards hold, and alerts fire, reach a webhook
 * receiver run here, and resolve. Other services on this swarm may fire alerts too: only this stack's count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(6)
@ResourceLock(Lanes.ONE)
@ResourceLock(Lanes.TWO)
class MonitoringStackIT {
    private static final String STACK = "e2emon";
    private static final String MONITORING = "e2emonm";
    private static final int HTTP_PORT = 18480;
    private static final String PROMETHEUS = "http://localhost:18490";
    private static final String ALERTMANAGER = "http://localhost:18493";
    private static final String BLACKBOX = "http://localhost:18415";
    /** Every job of config/prometheus/prometheus.yml but Grafana's (no Grafana image can be had here). */
    private static final Set<String> JOBS = io.wpstack.cli.model.ScrapeJobs.read(Wpstack.ROOT).names().stream()
            .filter(job -> !job.equals("grafana"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The version promoted from development to production. */
    private static final String PROMOTED = "e2e-promoted";

    private static final String IMPOSSIBLE = "node.labels.wpstack-e2e-impossible==true";
    /**
     * A small tmpfs this test fills. Mounted before node-exporter starts: its container sees the host's
     * mounts as they were when it started (a bind of the root, whose propagation here is private).
     */
    private static final Path FILL_MOUNT = Path.of("/mnt/wpstack-fill-test");
    /** A service whose only container the OOM killer kills at its memory limit. */
    private static final String OOM_SERVICE = MONITORING + "-e2e-oom";

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Duration ALERT_WAIT = Duration.ofMinutes(4);

    private final Path work = Path.of("target", "e2e").toAbsolutePath();
    private final List<String> notifications = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private Wpstack wpstack;
    private Web admin;

    @BeforeAll
    void cleanSlateAndReceiver() throws IOException {
        Files.createDirectories(work);
        receiver = HttpServer.create(new InetSocketAddress(0), 0);
        receiver.createContext("/alerts", exchange -> {
            try (exchange) {
                notifications.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        // Alertmanager, on an overlay network, reaches the host through the bridge that gives
        // overlay containers their way out.
        String host = DockerCli.check(
                "network", "inspect", "--format", "{{(index .IPAM.Config 0).Gateway}}", "docker_gwbridge");
        wpstack = new Wpstack(Map.ofEntries(
                Map.entry("WPSTACK_STACK", STACK),
                Map.entry("WPSTACK_MONITORING_STACK", MONITORING),
                Map.entry("WPSTACK_HTTP_PORT", String.valueOf(HTTP_PORT)),
                Map.entry("WPSTACK_ADMINER_PORT", "18488"),
                Map.entry("WPSTACK_HTTPS_PORT", "18443"),
                Map.entry("WPSTACK_PROMETHEUS_PORT", "18490"),
                Map.entry("WPSTACK_ALERTMANAGER_PORT", "18493"),
                Map.entry("WPSTACK_BLACKBOX_PORT", "18415"),
                Map.entry("WPSTACK_GRAFANA_PORT", "18430"),
                Map.entry("WPSTACK_WORDPRESS_REPLICAS", "1"),
                Map.entry("WPSTACK_TLS", ""),
                Map.entry(
                        "WPSTACK_ALERT_WEBHOOK_URL",
                        "http://" + host + ":" + receiver.getAddress().getPort() + "/alerts"),
                Map.entry(
                        "WPSTACK_CREDENTIALS",
                        work.resolve("credentials-" + STACK).toString())));
        wpstack.run("down", "--purge");
        DockerCli.run("service", "rm", OOM_SERVICE);
        unmountFill();
        Files.createDirectories(FILL_MOUNT);
        host("mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "wpstack-fill-test", FILL_MOUNT.toString());
    }

    private static void unmountFill() {
        while (Processes.run(
                                List.of("mountpoint", "-q", FILL_MOUNT.toString()),
                                Map.of(),
                                null,
                                null,
                                Duration.ofSeconds(30))
                        .exitCode()
                == 0) {
            host("umount", "--lazy", FILL_MOUNT.toString());
        }
    }

    /** Runs a program on this host; fails the test with its output unless it succeeds. */
    private static void host(String... argv) {
        CommandResult result = Processes.run(List.of(argv), Map.of(), null, null, Duration.ofSeconds(30));
        assertEquals(0, result.exitCode(), String.join(" ", argv) + ": " + result.error() + result.output());
    }

    @AfterAll
    void removeStacks() {
        try {
            if (wpstack != null) {
                CommandResult down = wpstack.run("down", "--purge");
                assertEquals(0, down.exitCode(), down.error());
                for (String kind : List.of("service", "secret", "volume")) {
                    assertEquals(
                            "",
                            DockerCli.check(kind, "ls", "--quiet", "--filter", "name=" + MONITORING + "_"),
                            "down --purge left " + kind + "s of " + MONITORING);
                }
            }
        } finally {
            if (receiver != null) {
                receiver.stop(0);
            }
            DockerCli.run("service", "rm", OOM_SERVICE);
            unmountFill();
            for (String tag : DockerCli.check(
                            "images",
                            "--format",
                            "{{.Repository}}:{{.Tag}}",
                            "--filter",
                            "reference=wpstack/*:" + PROMOTED)
                    .lines()
                    .toList()) {
                DockerCli.run("image", "rm", tag);
            }
        }
    }

    private static String image(String service) {
        return ServiceImages.of(STACK, service);
    }

    @Test
    @Order(1)
    void upInProductionPromotesTheImagesTestedInDevelopmentDeploysBothStacksAndPrintsEveryUrl() throws IOException {
        // Version PROMOTED of every image, tested in development first, as a release is. Built here first:
        // :latest is whatever the last build tagged, and another suite may have built another commit's images.
        CommandResult build = wpstack.run(Duration.ofMinutes(15), "build");
        assertEquals(0, build.exitCode(), build.output() + build.error());
        List<String> built = List.of(
                DockerCli.check("images", "--format", "{{.Repository}}", "--filter", "reference=wpstack/*:latest")
                        .split("\n"));
        for (String repository : built) {
            DockerCli.check("tag", repository + ":latest", repository + ":" + PROMOTED);
        }
        CommandResult tested = wpstack.run(Duration.ofMinutes(10), "up", "--version", PROMOTED);
        assertEquals(0, tested.exitCode(), tested.output() + tested.error());
        String testedWordPress = image("wordpress");
        assertTrue(testedWordPress.matches("wpstack/wordpress:id-[0-9a-f]{12}"), testedWordPress);
        // Then the version is built again (another image under the same tag): production must not take it.
        BrokenImages.rebuiltWordPress(work, "wpstack/wordpress:" + PROMOTED);
        long start = System.nanoTime();
        CommandResult up = wpstack.run(Duration.ofMinutes(20), "up", "--env", "production", "--version", PROMOTED);
        assertEquals(0, up.exitCode(), up.output() + up.error());
        System.out.printf(
                "./wpstack up --env production --version %s (both stacks, promoted from development): %d s%n",
                PROMOTED, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        // up's own lines (==>) are on standard error.
        String said = up.output() + up.error();
        assertTrue(said.contains("promoting version " + PROMOTED + ": the images tested in development"), said);
        assertTrue(
                said.contains("wordpress: version " + PROMOTED + " names ")
                        && said.contains("not the " + testedWordPress + " tested in development"),
                said);
        String checked = said.lines()
                .filter(line -> line.contains("checked: ") && line.endsWith(" run the images tested in development"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("up does not say it checked the images:\n" + said));
        for (String service : List.of("wordpress", "mariadb", "caddy", "adminer", "backup")) {
            assertTrue(checked.contains(service), service + " is not checked: " + checked);
        }
        assertEquals(testedWordPress, image("wordpress"), "production runs the tested WordPress");
        assertEquals(testedWordPress, image("cron"), "production's cron runs the tested WordPress");
        String history = wpstack.run("history").output();
        assertTrue(
                history.lines()
                                .filter(line -> line.contains(" " + PROMOTED + " "))
                                .count()
                        >= 2,
                "the development and production deploys of " + PROMOTED + " in the history:\n" + history);
        for (String url :
                List.of("http://localhost:" + HTTP_PORT + "/", PROMETHEUS + "/", ALERTMANAGER + "/", BLACKBOX + "/")) {
            assertTrue(up.output().contains(url), "up does not print " + url + ":\n" + up.output());
        }
        // No registry here: Grafana's image cannot be had, and up says so rather than waiting on it.
        if (!DockerCli.run("image", "inspect", "grafana/grafana-oss:11.6.0").ok()) {
            assertTrue(up.error().contains("Grafana is NOT running"), up.error());
            assertEquals(
                    "0",
                    DockerCli.check(
                            "service",
                            "inspect",
                            "--format",
                            "{{.Spec.Mode.Replicated.Replicas}}",
                            MONITORING + "_grafana"));
        }
        Map<String, String> credentials = wpstack.credentials();
        assertTrue(credentials.containsKey("grafana_viewer_pass"), "credentials lack grafana_viewer_pass");
        admin = Web.basicAuth(credentials.get("lb_admin_user"), credentials.get("lb_admin_pass"));
    }

    @Test
    @Order(2)
    void prometheusBlackboxAndAlertmanagerAreGuarded() throws IOException {
        Web wrong = Web.basicAuth("admin", "wrong");
        for (String ui : List.of(PROMETHEUS + "/-/ready", ALERTMANAGER + "/-/ready", BLACKBOX + "/-/ready")) {
            assertEquals(401, Web.anonymous().get(ui).statusCode(), ui + " without credentials");
            assertEquals(401, wrong.get(ui).statusCode(), ui + " with a wrong password");
            assertEquals(200, admin.get(ui).statusCode(), ui + " with the credentials");
        }
    }

    @Test
    @Order(3)
    void everyTargetIsUpAndTheProbesSeeWhatTheOriginalSaw() {
        Duration took = Poll.until(
                "every job " + JOBS + " scraped and every target up",
                WAIT,
                () -> {
                    List<Json> targets = api(PROMETHEUS + "/api/v1/targets").objects("data", "activeTargets");
                    Set<String> jobs =
                            targets.stream().map(t -> t.string("labels", "job")).collect(Collectors.toSet());
                    return jobs.containsAll(JOBS) && targets.stream().allMatch(t -> "up".equals(t.string("health")));
                },
                () -> targetsNotUp() + "; " + whyJobsMissing());
        System.out.printf("every Prometheus target up %d s after up returned%n", took.toSeconds());
        Poll.until(
                "probe results wordpress 200, adminer 401, adminer-auth 200, every probe successful",
                WAIT,
                () -> probeStatus()
                                .entrySet()
                                .containsAll(Map.of("wordpress", "200", "adminer", "401", "adminer-auth", "200")
                                        .entrySet())
                        && query("probe_success == 0").isEmpty(),
                () -> "status codes: " + probeStatus() + "; failing: " + query("probe_success == 0"));
    }

    @Test
    @Order(4)
    void everyDashboardQueryReturnsASeries() throws IOException {
        Map<String, List<String>> expressions = new TreeMap<>();
        try (Stream<Path> files = Files.list(Wpstack.ROOT.resolve("config/grafana/dashboards"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                expressions.put(file.getFileName().toString(), dashboardExpressions(file));
            }
        }
        int count = expressions.values().stream().mapToInt(List::size).sum();
        assertTrue(count > 20, "too few dashboard expressions found: " + expressions);
        // Rates need two samples in their window: the last dashboards may take a scrape or two.
        Duration took = Poll.until(
                "every one of the " + count + " dashboard expressions to return a series",
                WAIT,
                () -> expressionsWithoutSeries(expressions).isEmpty(),
                () -> "without a series: " + expressionsWithoutSeries(expressions));
        System.out.printf("%d dashboard expressions all return series (after %d s)%n", count, took.toSeconds());
    }

    private Map<String, List<String>> expressionsWithoutSeries(Map<String, List<String>> expressions) {
        Map<String, List<String>> empty = new TreeMap<>();
        expressions.forEach((file, list) -> list.stream()
                .filter(expression -> query(expression).isEmpty())
                .forEach(expression ->
                        empty.computeIfAbsent(file, k -> new ArrayList<>()).add(expression)));
        return empty;
    }

    @Test
    @Order(5)
    void anUnschedulableServiceFiresServiceReplicasMismatchAtTheWebhookThenResolves() {
        String service = STACK + "_caddy";
        long start = System.nanoTime();
        DockerCli.check(
                "service",
                "update",
                "--detach",
                "--update-order",
                "stop-first",
                "--constraint-add",
                IMPOSSIBLE,
                service);
        Poll.until(
                "ServiceReplicasMismatch for " + service + " firing at the webhook receiver",
                ALERT_WAIT,
                () -> notified("firing", "ServiceReplicasMismatch", service),
                () -> "Prometheus alerts for " + service + ": " + alertStates("ServiceReplicasMismatch", service) + "; "
                        + notifications.size() + " notifications received");
        System.out.printf(
                "ServiceReplicasMismatch for %s reached the webhook %d s after the impossible constraint%n",
                service, Duration.ofNanos(System.nanoTime() - start).toSeconds());

        long fixed = System.nanoTime();
        DockerCli.check("service", "update", "--detach", "--constraint-rm", IMPOSSIBLE, service);
        Poll.until(
                "ServiceReplicasMismatch for " + service + " resolved at the webhook receiver",
                ALERT_WAIT,
                () -> notified("resolved", "ServiceReplicasMismatch", service),
                () -> "Prometheus alerts for " + service + ": " + alertStates("ServiceReplicasMismatch", service));
        System.out.printf(
                "ServiceReplicasMismatch for %s resolved at the webhook %d s after the constraint was removed%n",
                service, Duration.ofNanos(System.nanoTime() - fixed).toSeconds());
    }

    /**
     * A release whose WordPress crashes at start, deployed as a user does: Swarm rolls it back, the
     * exporter shows the service's update state rollback_completed, and ServiceUpdateRolledBack reaches
     * the webhook.
     */
    @Test
    @Order(6)
    void aBrokenReleaseRolledBackBySwarmShowsInTheExporterAndFiresServiceUpdateRolledBackAtTheWebhook()
            throws IOException {
        String service = STACK + "_wordpress";
        String broken = BrokenImages.crashingWordPress(work, "wpstack/wordpress:e2e-mon-broken");
        try {
            long start = System.nanoTime();
            CommandResult up = wpstack.with("WPSTACK_WORDPRESS_IMAGE", broken)
                    .run(Duration.ofMinutes(10), "up", "--env", "production", "--no-backup");
            assertEquals(1, up.exitCode(), up.output() + up.error());
            assertTrue(up.error().contains("service wordpress: the update to " + broken), up.error());
            String rolledBack =
                    "docker_swarm_service_update_state{service=\"" + service + "\",state=\"rollback_completed\"} == 1";
            Poll.until(
                    "the exporter's " + rolledBack + " in Prometheus, and ServiceUpdateRolledBack at the webhook",
                    ALERT_WAIT,
                    () -> !query(rolledBack).isEmpty() && notified("firing", "ServiceUpdateRolledBack", service),
                    () -> "update state: "
                            + query("docker_swarm_service_update_state{service=\"" + service + "\"} == 1")
                            + "; alerts: " + alertStates("ServiceUpdateRolledBack", service));
            System.out.printf(
                    "ServiceUpdateRolledBack for %s reached the webhook %d s after up started the broken release%n",
                    service, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        } finally {
            DockerCli.run("image", "rm", broken);
        }
    }

    @Test
    @Order(7)
    void stoppingMariaDbFiresMariaDbDown() {
        long start = System.nanoTime();
        DockerCli.check("service", "scale", "--detach", STACK + "_mariadb=0");
        Poll.until(
                "MariaDBDown firing in Prometheus and at the webhook receiver",
                ALERT_WAIT,
                () -> alertStates("MariaDBDown", null).contains("firing") && notified("firing", "MariaDBDown", null),
                () -> "MariaDBDown in Prometheus: " + alertStates("MariaDBDown", null) + "; mysql_up: "
                        + query("mysql_up"));
        System.out.printf(
                "MariaDBDown fired (and reached the webhook) %d s after MariaDB was scaled to 0%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    /**
     * Issue 12: the alerts an operator needs most, end to end. A container killed by the kernel at its memory
     * limit (node mode's docker_container_oom_killed_timestamp_seconds) fires ContainerOomKilled, and a nearly
     * full filesystem (node-exporter) fires NodeDiskAlmostFull; both reach the webhook naming their node's host
     * name. Both wait side by side.
     */
    @Test
    @Order(8)
    void anOomKilledContainerAndAFullDiskFireTheirAlertsAtTheWebhookNamingTheNode() throws IOException {
        String node = DockerCli.check("info", "--format", "{{.Name}}").strip();
        long start = System.nanoTime();
        DockerCli.check(
                "service",
                "create",
                "--detach",
                "--name",
                OOM_SERVICE,
                "--limit-memory",
                "16m",
                "--restart-condition",
                "none",
                image("wordpress"),
                "sh",
                "-c",
                "head -c 256m /dev/zero | tail");
        // 97 % of the 16 MiB tmpfs.
        Files.write(FILL_MOUNT.resolve("fill"), new byte[16 * 1024 * 1024 * 97 / 100]);
        Poll.until(
                "ContainerOomKilled for " + OOM_SERVICE + " and NodeDiskAlmostFull for " + FILL_MOUNT
                        + " firing at the webhook, on node " + node,
                ALERT_WAIT,
                () -> notified("firing", "ContainerOomKilled", OOM_SERVICE, node)
                        && notified("firing", "NodeDiskAlmostFull", null, node),
                () -> "ContainerOomKilled in Prometheus: " + alertStates("ContainerOomKilled", OOM_SERVICE)
                        + ", NodeDiskAlmostFull: " + alertStates("NodeDiskAlmostFull", null) + "; OOM series: "
                        + query("docker_container_oom_killed_timestamp_seconds") + "; filesystem: "
                        + query("node_filesystem_avail_bytes{mountpoint=\"" + FILL_MOUNT + "\"}"));
        System.out.printf(
                "ContainerOomKilled and NodeDiskAlmostFull reached the webhook %d s after the OOM service and the"
                        + " fill started%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        Files.delete(FILL_MOUNT.resolve("fill"));
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** GET url with the credentials, as JSON; fails on anything but 200. */
    private Json api(String url) {
        try {
            HttpResponse<String> response = admin.get(url);
            assertEquals(200, response.statusCode(), url + ": " + Json.abbreviate(response.body()));
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(url, e);
        }
    }

    /** The series of an instant query of the live Prometheus. */
    private List<Json> query(String expression) {
        return api(PROMETHEUS + "/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8))
                .objects("data", "result");
    }

    private Map<String, String> probeStatus() {
        Map<String, String> status = new TreeMap<>();
        for (Json series : query("probe_http_status_code")) {
            List<Json> value = series.elements("value");
            status.put(
                    series.string("metric", "name"),
                    value.size() == 2 ? value.get(1).string() : "?");
        }
        return status;
    }

    private List<String> targetsNotUp() {
        return api(PROMETHEUS + "/api/v1/targets").objects("data", "activeTargets").stream()
                .filter(t -> !"up".equals(t.string("health")))
                .map(t ->
                        t.string("labels", "job") + " " + t.string("labels", "instance") + ": " + t.string("lastError"))
                .toList();
    }

    /**
     * For each job without a target: the tasks of the service of its name, as Swarm tells them, then what
     * Prometheus and docker-exporter (whose /sd finds the targets of two jobs) logged last.
     */
    private String whyJobsMissing() {
        Set<String> seen = api(PROMETHEUS + "/api/v1/targets").objects("data", "activeTargets").stream()
                .map(t -> t.string("labels", "job"))
                .collect(Collectors.toSet());
        StringBuilder why = new StringBuilder();
        for (String job : new TreeSet<>(JOBS)) {
            if (!seen.contains(job)) {
                CommandResult tasks = DockerCli.run(
                        "service",
                        "ps",
                        "--no-trunc",
                        "--format",
                        "{{.Name}} {{.Node}} {{.DesiredState}} {{.CurrentState}} {{.Error}}",
                        MONITORING + "_" + job);
                why.append("\njob ")
                        .append(job)
                        .append(" has no target; tasks of ")
                        .append(MONITORING)
                        .append('_')
                        .append(job)
                        .append(":\n")
                        .append(tasks.output())
                        .append(tasks.error());
            }
        }
        if (!why.isEmpty()) {
            for (String service : List.of("prometheus", "docker-exporter")) {
                CommandResult logs = DockerCli.run("service", "logs", "--tail", "15", MONITORING + "_" + service);
                why.append("\nlast lines of ")
                        .append(service)
                        .append(":\n")
                        .append(logs.output())
                        .append(logs.error());
            }
        }
        return why.toString();
    }

    /** The states (pending, firing) of alert NAME in Prometheus, for one service (null: any). */
    private Set<String> alertStates(String name, String service) {
        return api(PROMETHEUS + "/api/v1/alerts").objects("data", "alerts").stream()
                .filter(a -> name.equals(a.string("labels", "alertname")))
                .filter(a -> service == null || service.equals(a.string("labels", "service")))
                .map(a -> a.string("state"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A webhook notification arrived with alert NAME (for one service; null: any) in STATUS. */
    private boolean notified(String status, String name, String service) {
        return notified(status, name, service, null);
    }

    /** The same, for an alert whose label node is NODE (null: any). */
    private boolean notified(String status, String name, String service, String node) {
        for (String body : notifications) {
            if (!body.contains(name) || (service != null && !body.contains(service))) {
                continue;
            }
            for (Json alert : Json.parse(body).objects("alerts")) {
                if (status.equals(alert.string("status"))
                        && name.equals(alert.string("labels", "alertname"))
                        && (service == null || service.equals(alert.string("labels", "service")))
                        && (node == null || node.equals(alert.string("labels", "node")))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every PromQL expression of a dashboard, its variables substituted as the static check substitutes them. */
    private static List<String> dashboardExpressions(Path file) {
        List<String> expressions = MonitoringChecks.dashboardExpressions(file);
        assertFalse(expressions.isEmpty(), "no expression in " + file);
        return expressions;
    }
}

package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.engine.Filters;
import io.wpstack.engine.Json;
import io.wpstack.exporter.RunningExporter;
import io.wpstack.testkit.ClusterNode;
import io.wpstack.testkit.CommandResult;
import io.wpstack.testkit.DindCluster;
import io.wpstack.testkit.DockerCli;
import io.wpstack.testkit.Poll;
import io.wpstack.testkit.Processes;
import io.wpstack.testkit.SwarmNodeImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * The multi-node path of docs/operations.md ("Cluster") on a throwaway Docker-in-Docker swarm (one manager, two
 * workers): the private registry on the manager, trusted by every node and by this host; the images pushed from
 * this host's engine; both stacks of {@code up --env production} (2 WordPress replicas, plain HTTP, ports of
 * its own) deployed from the registry with {@code DOCKER_HOST} pointing at the manager; then a worker lost and
 * brought back. The steps build on each other, so they run in order. The corrected counts are read twice: from
 * an in-process docker-exporter (at once), and from the cluster's Prometheus, which scrapes the docker-exporter
 * of the monitoring stack; SwarmNodeDown must fire there (and reach Alertmanager), then resolve. Prometheus and
 * Alertmanager are queried as a user would: through caddy_monitoring, on the node that runs it, with the
 * credentials of {@code ./wpstack credentials}. Grafana has no image without a public registry: scaled to 0.
 * Last, disaster: the site backs up to a repository outside the swarm, the cluster is destroyed, and a new
 * machine is restored from that repository with its URL and password alone.
 *
 * <p>What it changes on this host (a registry name, stack name and ports of its own, so a user's deployment is
 * never touched), all removed afterwards, even on failure: the {@code /etc/hosts} line and the
 * {@code /etc/docker/certs.d} folder of its registry name, the images tagged for that registry, and the files
 * it adds under {@code .wpstack/registry/}, and the probe targets file {@code up} writes under
 * {@code .wpstack/monitoring/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
@ResourceLock(Lanes.TWO)
class ClusterIT {
    private static final String REGISTRY_NAME = "wpstack-it-registry.internal";
    private static final int REGISTRY_PORT = 15001;
    private static final String REGISTRY = REGISTRY_NAME + ":" + REGISTRY_PORT;
    private static final String REGISTRY_STACK = "itregistry";
    private static final String STACK = "itcluster";
    private static final String MONITORING = "itclustermon";
    /** The monitoring stack's images wpstack builds (the model: stacks/monitoring.yml). */
    private static final List<String> MONITORING_IMAGES =
            io.wpstack.cli.monitoring.MonitoringDeploy.images(Wpstack.ROOT);

    private static final int WORDPRESS_REPLICAS = 2;
    /** The services of the stack that run an image named after them (the model: stacks/wordpress.yml). */
    private static final List<String> SERVICES =
            io.wpstack.cli.model.Stacks.wordpress(Wpstack.ROOT).builtImages();

    private static final List<String> STATELESS = List.of("wordpress", "adminer", "caddy", "cron");
    private static final Path CERTS_D = Path.of("/etc/docker/certs.d");
    private static final Path HOSTS = Path.of("/etc/hosts");
    private static final Path REGISTRY_STATE = Wpstack.ROOT.resolve(".wpstack/registry");
    private static final Path PROBE_TARGETS =
            Wpstack.ROOT.resolve(".wpstack/monitoring/" + MONITORING + "-probes-production.yml");
    private static final Duration WAIT = Duration.ofMinutes(3);
    // SwarmNodeDown: the node down for 1m (its `for:`), plus a scrape and an evaluation (15 s each).
    private static final Duration ALERT_WAIT = Duration.ofMinutes(4);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);
    private static final String UNREACHABLE = "unreachable";

    private final Path work = Path.of("target", "cluster-it").toAbsolutePath();
    private final List<String> timings = new ArrayList<>();
    private final String version = Wpstack.revision();
    private Set<Path> registryStateBefore = Set.of();
    private DindCluster cluster;
    private RunningExporter exporter;
    private Wpstack onHost;
    private Wpstack onCluster;
    private String trustCommand;
    private boolean touchesHost;
    private int httpPort;
    private int prometheusPort;
    private int alertmanagerPort;
    private Web admin;
    private ClusterNode lost;
    private volatile ClusterNode stopped;
    /** The disaster test's off-node repository server (a container outside the swarm), and what it holds. */
    private final String offsite = STACK + "-offsite-restic";

    private int offsitePort;
    private String offsitePassword;
    private String offsiteTitle;
    private String offsiteUpload;
    private String offsiteUploadBody;
    private String offsiteTables;

    @BeforeAll
    void formCluster() throws IOException {
        Assumptions.assumeTrue(
                "0"
                        .equals(Processes.run(List.of("id", "-u"), Map.of(), null, null, Duration.ofSeconds(10))
                                .orThrow()),
                "ClusterIT writes /etc/hosts and /etc/docker/certs.d: root only");
        String engineRoot = DockerCli.check("info", "--format", "{{.DockerRootDir}}");
        Assumptions.assumeTrue(
                Files.isDirectory(Path.of(engineRoot, "image")),
                "the Docker engine's " + engineRoot + " is not on this filesystem (./wpstack test"
                        + " --java-in-container?): the engine would not see the certs.d this test installs");
        Files.createDirectories(work);
        touchesHost = true;
        removeHostState();
        registryStateBefore = filesUnder(REGISTRY_STATE);
        long start = System.nanoTime();
        // The node image makes Swarm use local images only; these nodes pull from the registry, as real ones do.
        cluster = DindCluster.start(DindCluster.Settings.of(SwarmNodeImage.ensureBuilt(SwarmNodeImage.DEFAULT), 2)
                .withEnvironment(Map.of("DOCKER_SERVICE_PREFER_OFFLINE_IMAGE", "0")));
        time("cluster up (1 manager + 2 workers)", start);
        // Caddy publishes on the nodes, but `up` checks that this host has the ports free too: take free ones.
        httpPort = freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("WPSTACK_REGISTRY_STACK", REGISTRY_STACK);
        environment.put("WPSTACK_STACK", STACK);
        environment.put("WPSTACK_HTTP_PORT", String.valueOf(httpPort));
        environment.put("WPSTACK_ADMINER_PORT", String.valueOf(freePort()));
        environment.put("WPSTACK_HTTPS_PORT", String.valueOf(freePort()));
        environment.put("WPSTACK_WORDPRESS_REPLICAS", String.valueOf(WORDPRESS_REPLICAS));
        environment.put("WPSTACK_TLS", "");
        environment.put("WPSTACK_MONITORING_STACK", MONITORING);
        prometheusPort = freePort();
        alertmanagerPort = freePort();
        environment.put("WPSTACK_PROMETHEUS_PORT", String.valueOf(prometheusPort));
        environment.put("WPSTACK_ALERTMANAGER_PORT", String.valueOf(alertmanagerPort));
        environment.put("WPSTACK_BLACKBOX_PORT", String.valueOf(freePort()));
        environment.put("WPSTACK_GRAFANA_PORT", String.valueOf(freePort()));
        // Grafana's image cannot be pulled here (no public registry): fail that pull fast, Grafana goes to 0.
        environment.put("WPSTACK_PULL_TIMEOUT", "5");
        environment.put(
                "WPSTACK_CREDENTIALS", work.resolve("credentials-" + STACK).toString());
        baseImage().ifPresent(image -> environment.put("BASE_IMAGE", image));
        onHost = new Wpstack(environment).with("DOCKER_HOST", "unix:///var/run/docker.sock");
        onCluster = new Wpstack(environment).with("DOCKER_HOST", cluster.managerDockerHost());
    }

    @AfterAll
    void removeEverything() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Runnable step : List.<Runnable>of(
                () -> {
                    if (exporter != null) {
                        exporter.close();
                    }
                },
                () -> {
                    if (cluster != null) {
                        cluster.close();
                    }
                },
                () -> DockerCli.run("rm", "--force", "--volumes", offsite),
                () -> {
                    if (touchesHost) {
                        removeHostState();
                    }
                })) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        System.out.println("[cluster-it] times:\n  " + String.join("\n  ", timings));
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Test
    @Order(1)
    void theRegistryRunsOnTheManagerAndEveryNodeTrustsIt() {
        long start = System.nanoTime();
        loadIntoManager("wpstack/registry:latest");
        CommandResult up = onCluster
                .with("WPSTACK_REGISTRY_IMAGE", "wpstack/registry:latest")
                .run(
                        COMMAND_TIMEOUT,
                        "registry",
                        "up",
                        "--name",
                        REGISTRY_NAME,
                        "--port",
                        String.valueOf(REGISTRY_PORT));
        assertEquals(0, up.exitCode(), up.output() + up.error());
        time("registry up", start);
        assertEquals(
                cluster.manager().name(),
                runningNodes(REGISTRY_STACK + "_registry").stream()
                        .map(ClusterNode::name)
                        .collect(Collectors.joining(",")));

        CommandResult trust = onCluster.run(COMMAND_TIMEOUT, "registry", "trust");
        assertEquals(0, trust.exitCode(), trust.output() + trust.error());
        trustCommand = trust.output().strip();
        assertTrue(trustCommand.contains(CERTS_D.resolve(REGISTRY) + "/ca.crt"), trustCommand);
        assertTrue(trustCommand.contains(cluster.manager().address() + " " + REGISTRY_NAME), trustCommand);
        assertTrue(Files.isRegularFile(CERTS_D.resolve(REGISTRY).resolve("ca.crt")), "the host trusts the CA");
        assertTrue(hostsLine().isPresent(), "the host resolves " + REGISTRY_NAME);
        assertTrue(
                hostsLine().orElseThrow().startsWith(cluster.manager().address() + " "),
                hostsLine().orElseThrow());
        cluster.nodes().forEach(this::trust);
        for (ClusterNode node : cluster.nodes()) {
            cluster.exec(node, "test", "-s", CERTS_D.resolve(REGISTRY) + "/ca.crt")
                    .orThrow();
            assertEquals(
                    cluster.manager().address(),
                    cluster.exec(node, "getent", "hosts", REGISTRY_NAME)
                            .orThrow()
                            .split("\\s+")[0]);
        }
    }

    @Test
    @Order(2)
    void aPushWithoutTheCaFailsWithWpstacksMessage() throws IOException {
        Path trusted = CERTS_D.resolve(REGISTRY);
        Path away = Files.createTempDirectory(work, "certs.d-away-").resolve(REGISTRY);
        Files.move(trusted, away);
        try {
            CommandResult push =
                    onHost.run(COMMAND_TIMEOUT, "build", "--push", "--registry", REGISTRY, "--version", version);
            assertNotEquals(0, push.exitCode(), push.output() + push.error());
            assertTrue(push.error().contains("not trusted by this Docker engine"), push.error());
            assertTrue(push.error().contains("./wpstack registry trust --name " + REGISTRY_NAME), push.error());
            assertFalse(push.error().contains("x509"), push.error());
        } finally {
            Files.move(away, trusted);
        }
    }

    @Test
    @Order(3)
    void theImagesArePushedFromTheHost() {
        long start = System.nanoTime();
        CommandResult push =
                onHost.run(COMMAND_TIMEOUT, "build", "--push", "--registry", REGISTRY, "--version", version);
        assertEquals(0, push.exitCode(), push.output() + push.error());
        time("build (cached) + push", start);
        assertTrue(push.error().contains("images to " + REGISTRY), push.error());
        for (String image :
                Stream.concat(SERVICES.stream(), MONITORING_IMAGES.stream()).toList()) {
            assertTrue(
                    push.error().contains("pushed " + REGISTRY + "/wpstack/" + image + ":" + version),
                    image + " was not pushed: " + push.error());
        }
    }

    @Test
    @Order(4)
    void bothStacksDeployFromTheRegistryConvergeAndServeThroughCaddy() throws Exception {
        long start = System.nanoTime();
        CommandResult up = onCluster.run(
                COMMAND_TIMEOUT, "up", "--env", "production", "--registry", REGISTRY, "--version", version);
        assertEquals(0, up.exitCode(), up.output() + up.error());
        time("up --env production --registry (both stacks: deploy, pulls, converged, WordPress installed)", start);
        for (String service : SERVICES) {
            assertImageFromRegistry(STACK + "_" + service, service);
        }
        for (String image : MONITORING_IMAGES) {
            assertImageFromRegistry(MONITORING + "_" + image, image);
        }
        assertImageFromRegistry(MONITORING + "_caddy_monitoring", "caddy");
        String grafanaReplicas =
                cluster.api("/services/" + MONITORING + "_grafana").string("Spec", "Mode", "Replicated", "Replicas");
        if (grafanaReplicas.equals("0")) {
            assertTrue(up.error().contains("Grafana is NOT running"), "Grafana at 0 without a word: " + up.error());
        }
        System.out.println("[cluster-it] Grafana replicas: " + grafanaReplicas + "; caddy_monitoring on "
                + runningNodes(MONITORING + "_caddy_monitoring").stream()
                        .map(ClusterNode::name)
                        .toList());
        Map<String, String> credentials = onCluster.credentials();
        admin = Web.basicAuth(credentials.get("lb_admin_user"), credentials.get("lb_admin_pass"));
        exporter = new RunningExporter(cluster.managerDockerHost(), Duration.ofSeconds(10), false);
        awaitConverged("the stack to read converged on the exporter", Optional.empty());
        assertEquals(List.of(cluster.manager()), runningNodes(STACK + "_mariadb"));
        printPlacement();
        assertServes(siteUrl());
        // up waited for both stacks; Prometheus only needs its first scrape of the stack's docker-exporter.
        Poll.until(
                "the cluster's Prometheus to read every service of " + STACK + " converged from its docker-exporter",
                WAIT,
                () -> SERVICES.stream().allMatch(service -> {
                    double desired = prometheusValue(replicas("desired", service));
                    return desired >= 1 && prometheusValue(replicas("running", service)) == desired;
                }),
                () -> "docker-exporter targets: "
                        + query("up{job=\"docker-exporter\"}") + "; running: "
                        + query("docker_swarm_service_replicas_running{stack=\"" + STACK + "\"}"));

        everyNodeHasItsAgentsByHostName();
    }

    /**
     * Issue 12: node-exporter and the exporter's node mode run on every node, and Prometheus names each by the
     * node's host name (label node, from docker-exporter's service discovery); the node mode's series of a
     * WordPress container carry the host name of the node it runs on.
     */
    private void everyNodeHasItsAgentsByHostName() {
        Set<String> hostnames =
                cluster.nodes().stream().map(ClusterNode::name).collect(Collectors.toCollection(TreeSet::new));
        for (String job : List.of("node-exporter", "container-exporter")) {
            Duration took = Poll.until(
                    "Prometheus to scrape job " + job + " up on every node " + hostnames + ", by host name",
                    WAIT,
                    () -> hostnames.equals(nodeLabels("up{job=\"" + job + "\"} == 1")),
                    () -> "up{job=\"" + job + "\"}: " + query("up{job=\"" + job + "\"}"));
            System.out.printf("[cluster-it] %s up on %s %d s after up returned%n", job, hostnames, took.toSeconds());
        }
        Set<String> wordpressNodes = runningNodes(STACK + "_wordpress").stream()
                .map(ClusterNode::name)
                .collect(Collectors.toCollection(TreeSet::new));
        String workingSet = "docker_container_memory_working_set_bytes{service=\"" + STACK + "_wordpress\"}";
        Poll.until(
                "the node mode's WordPress series on the nodes running it, " + wordpressNodes,
                WAIT,
                () -> wordpressNodes.equals(nodeLabels(workingSet)),
                () -> workingSet + ": " + query(workingSet));
        // node-exporter's own host name is the node's too (hostname: {{.Node.Hostname}}), and it reads the
        // host's memory. (Not the root filesystem: a Docker-in-Docker node's / is an overlay, left out.)
        for (Json uname : query("node_uname_info")) {
            assertEquals(uname.string("metric", "node"), uname.string("metric", "nodename"), uname.toString());
        }
        assertEquals(hostnames, nodeLabels("node_memory_MemTotal_bytes > 0"), "node-exporter's memory by node");
    }

    /** The values of label node over the series of EXPRESSION. */
    private Set<String> nodeLabels(String expression) {
        return query(expression).stream()
                .map(series -> series.string("metric", "node"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * wp_content is a volume of one node: an upload through one replica must be served by every replica. By
     * default all WordPress replicas run on the data node (label wpstack.data=true), so they share it.
     */
    @Test
    @Order(5)
    void anUploadThroughOneReplicaIsServedByEveryReplica() throws Exception {
        Map<String, String> credentials = onCluster.credentials();
        String site = siteUrl().replaceFirst("/$", "");
        Web wordpress = Web.anonymous();
        String nonce =
                wordpress.logInToWordPress(site, credentials.get("wp_admin_user"), credentials.get("wp_admin_pass"));
        String name = "cluster-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".txt";
        HttpResponse<String> uploaded = wordpress.postBytes(
                site + "/?rest_route=/wp/v2/media",
                ("uploaded through one replica of " + STACK).getBytes(StandardCharsets.UTF_8),
                "text/plain",
                "X-WP-Nonce",
                nonce,
                "Content-Disposition",
                "attachment; filename=" + name);
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        String url = Json.parse(uploaded.body()).string("source_url");
        assertFalse(url.isEmpty(), uploaded.body());
        String path = URI.create(url).getPath();
        List<String> replicas = runningNodes(STACK + "_wordpress").stream()
                .map(ClusterNode::name)
                .toList();
        System.out.println("[cluster-it] WordPress replicas run on " + replicas + "; fetching " + path);
        assertEquals(1, Set.copyOf(replicas).size(), "WordPress replicas spread over nodes: " + replicas);
        List<String> containers = List.of(cluster.docker(
                        cluster.manager(),
                        "ps",
                        "-q",
                        "--filter",
                        "label=com.docker.swarm.service.name=" + STACK + "_wordpress")
                .orThrow()
                .split("\\s+"));
        assertEquals(WORDPRESS_REPLICAS, containers.size(), "WordPress containers on the data node: " + containers);
        Poll.until("every WordPress replica to have served " + path + " with 200", WAIT, () -> {
            for (int i = 0; i < 10; i++) {
                try {
                    HttpResponse<String> file = Web.anonymous().get(site + path);
                    assertEquals(200, file.statusCode(), "a replica lacks the upload " + path);
                } catch (IOException e) {
                    return false;
                }
            }
            return containers.stream().allMatch(id -> cluster.docker(cluster.manager(), "logs", id)
                    .output()
                    .contains("GET " + path + " HTTP/1.1\" 200"));
        });
    }

    @Test
    @Order(6)
    void aLostWorkersTasksMoveAndTheSiteKeepsServing() throws Exception {
        ClusterNode caddyNode = runningNodes(STACK + "_caddy").getFirst();
        lost = lostWorker(caddyNode);
        String lostId = cluster.nodeId(lost);
        List<String> moving = tasksOn(lost);
        System.out.println("[cluster-it] stopping " + lost.name() + ", which runs " + moving);
        boolean caddyMoves = lost.equals(caddyNode);
        AtomicBoolean outage = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<String> failed = new ArrayList<>();
        Thread prober = caddyMoves ? null : Thread.ofVirtual().start(() -> probe(outage, served, failed));
        long start = System.nanoTime();
        cluster.stopNode(lost);
        stopped = lost;
        try {
            Duration down = cluster.awaitNodeState(lost, "down", WAIT);
            timings.add(String.format("worker marked down: %.1f s after the kill", seconds(down)));
            List<String> ghosts = STATELESS.stream()
                    .flatMap(service -> tasks(STACK + "_" + service).stream())
                    .filter(task -> task.string("NodeID").equals(lostId)
                            && task.string("Status", "State").equals("running"))
                    .map(task -> task.string("ID") + " of " + task.string("ServiceID"))
                    .toList();
            System.out.println(
                    "[cluster-it] the Engine API still reports as running on " + lost.name() + ": " + ghosts);
            assertFalse(ghosts.isEmpty(), "the Engine API reports no task running on the lost " + lost.name());
            awaitConverged("the lost worker's tasks to run on the other nodes", Optional.of(lostId));
            time("reschedule after the loss (kill to every service converged again)", start);
            RunningExporter.Scrape scrape = exporter.scrape();
            assertEquals(1, scrape.nodeState(lostId, lost.name(), "down"), scrape.family("docker_swarm_node_state"));
            for (String service : STATELESS) {
                assertFalse(runningNodes(STACK + "_" + service).contains(lost), service + " still on " + lost);
            }
            printPlacement();
            assertServes(siteUrl());

            // The monitoring stack's own docker-exporter, through the cluster's Prometheus, and the alert.
            String service = STACK + "_wordpress";
            Poll.until(
                    "SwarmNodeDown for " + lost.name() + " firing in Prometheus and held by Alertmanager",
                    ALERT_WAIT,
                    () -> alertStates(false, lost.name()).contains("firing")
                            && Set.of("active").equals(alertStates(true, lost.name())),
                    () -> alertDiagnostics(lost.name()));
            timings.add(String.format(
                    "SwarmNodeDown fired (and reached Alertmanager): %.1f s after the kill",
                    seconds(Duration.ofNanos(System.nanoTime() - start))));
            System.out.println("[cluster-it] " + timings.getLast());
            assertEquals(
                    1,
                    prometheusValue("docker_swarm_node_state{state=\"down\",node_id=\"" + lostId + "\",hostname=\""
                            + lost.name() + "\"}"),
                    query("docker_swarm_node_state == 1").toString());
            assertEquals(WORDPRESS_REPLICAS, prometheusValue(replicas("desired", "wordpress")), service);
            assertEquals(
                    WORDPRESS_REPLICAS,
                    prometheusValue(replicas("running", "wordpress")),
                    service + " running, per the cluster's Prometheus");
        } finally {
            outage.set(false);
            if (prober != null) {
                prober.join();
            }
        }
        if (prober != null) {
            System.out.printf(
                    "[cluster-it] through Caddy during the loss: %d requests served, %d failed %s%n",
                    served.get(), failed.size(), failed);
            assertTrue(served.get() > 0, "no request was served during the loss");
            assertEquals(List.of(), failed, "requests failed through Caddy while the worker was lost");
        }
    }

    @Test
    @Order(7)
    void theWorkerComesBackReady() {
        Assumptions.assumeTrue(lost != null, "no worker was stopped");
        long start = System.nanoTime();
        cluster.startNode(lost);
        cluster.awaitNodeState(lost, "ready", WAIT);
        stopped = null;
        time("lost worker ready again after docker start", start);
        // A restarted container gets a fresh /etc/hosts (a real machine keeps its own): trust again.
        trust(lost);
        Poll.until(
                "the exporter to report " + lost.name() + " ready",
                WAIT,
                () -> exporter.scrape().nodeState(cluster.nodeId(lost), lost.name(), "ready") == 1,
                () -> exporter.scrape().family("docker_swarm_node_state"));
        awaitConverged("the stack to stay converged with the worker back", Optional.empty());
        assertServes(siteUrl());
        Poll.until(
                "SwarmNodeDown for " + lost.name() + " to resolve in Prometheus and Alertmanager",
                ALERT_WAIT,
                () -> alertStates(false, lost.name()).isEmpty()
                        && alertStates(true, lost.name()).isEmpty(),
                () -> alertDiagnostics(lost.name()));
        timings.add(String.format(
                "SwarmNodeDown resolved: %.1f s after docker start",
                seconds(Duration.ofNanos(System.nanoTime() - start))));
        System.out.println("[cluster-it] " + timings.getLast());
        assertEquals(
                1,
                prometheusValue("docker_swarm_node_state{state=\"ready\",hostname=\"" + lost.name() + "\"}"),
                query("docker_swarm_node_state == 1").toString());
    }

    /**
     * The registry's other commands, as an operator uses them at the end: status while it serves, the
     * switch to basic auth (up --auth: /v2/ then answers 401 to anonymous clients; trust logs this
     * engine in), and down, after which status says it is not deployed.
     */
    @Test
    @Order(9)
    void theRegistrysStatusAuthAndDownWork() {
        CommandResult status = onCluster.run(COMMAND_TIMEOUT, "registry", "status");
        assertEquals(0, status.exitCode(), status.output() + status.error());
        assertTrue(
                status.output()
                        .startsWith("registry:    " + REGISTRY + " (stack " + REGISTRY_STACK + ", basic auth off)"),
                status.output());
        assertTrue(status.output().contains("this engine: trusts it"), status.output());
        assertTrue(status.output().contains("https:       /v2/ answers 200"), status.output());

        CommandResult auth = onCluster
                .with("WPSTACK_REGISTRY_IMAGE", "wpstack/registry:latest")
                .run(COMMAND_TIMEOUT, "registry", "up", "--auth");
        assertEquals(0, auth.exitCode(), auth.output() + auth.error());
        CommandResult guarded = onCluster.run(COMMAND_TIMEOUT, "registry", "status");
        assertEquals(0, guarded.exitCode(), guarded.output() + guarded.error());
        assertTrue(guarded.output().contains(", basic auth on)"), guarded.output());
        assertTrue(guarded.output().contains("https:       /v2/ answers 401"), guarded.output());
        CommandResult login = onCluster.run(COMMAND_TIMEOUT, "registry", "trust");
        assertEquals(0, login.exitCode(), login.output() + login.error());
        assertTrue(login.error().contains("logged in to " + REGISTRY + " as wpstack"), login.output() + login.error());

        CommandResult down = onCluster.run(COMMAND_TIMEOUT, "registry", "down");
        assertEquals(0, down.exitCode(), down.output() + down.error());
        CommandResult gone = onCluster.run(COMMAND_TIMEOUT, "registry", "status");
        assertEquals(1, gone.exitCode(), gone.output() + gone.error());
        assertTrue(gone.error().contains("stack " + REGISTRY_STACK + " is not deployed"), gone.error());
    }

    /**
     * Disaster, part 1: the site backs up from its data node to a repository on another machine, a restic REST
     * server ({@code rclone serve restic}, from the backup image) outside the swarm, which the nodes reach at
     * their network's gateway (this host).
     */
    @Test
    @Order(8)
    void theSiteBacksUpFromItsDataNodeToARepositoryOnAnotherMachine() throws Exception {
        offsitePort = freePort();
        DockerCli.run("rm", "--force", "--volumes", offsite);
        DockerCli.check(
                "run",
                "--detach",
                "--name",
                offsite,
                "--network",
                "host",
                "--entrypoint",
                "rclone",
                "wpstack/backup:" + version,
                "serve",
                "restic",
                "--addr",
                ":" + offsitePort,
                "/srv/restic");
        Wpstack backingUp = onCluster.with("WPSTACK_BACKUP_REPOSITORY", offsiteRepository());
        long start = System.nanoTime();
        CommandResult up = backingUp.run(
                COMMAND_TIMEOUT, "up", "--env", "production", "--registry", REGISTRY, "--version", version);
        assertEquals(0, up.exitCode(), up.output() + up.error());
        time("up with an off-node BACKUP_REPOSITORY", start);
        Map<String, String> credentials = onCluster.credentials();
        String site = siteUrl().replaceFirst("/$", "");
        assertServes(site + "/");
        Web wordpress = Web.anonymous();
        String nonce =
                wordpress.logInToWordPress(site, credentials.get("wp_admin_user"), credentials.get("wp_admin_pass"));
        offsiteTitle = "outlives the cluster " + System.nanoTime();
        HttpResponse<String> post = wordpress.postJson(
                site + "/?rest_route=/wp/v2/posts",
                "{\"title\":\"" + offsiteTitle + "\",\"status\":\"publish\"}",
                "X-WP-Nonce",
                nonce);
        assertEquals(201, post.statusCode(), post.body());
        var random = new java.util.Random();
        var body = new StringBuilder();
        while (body.length() < 1_000_000) {
            body.append(Long.toHexString(random.nextLong()));
        }
        offsiteUploadBody = body.toString();
        HttpResponse<String> uploaded = wordpress.postBytes(
                site + "/?rest_route=/wp/v2/media",
                offsiteUploadBody.getBytes(StandardCharsets.UTF_8),
                "text/plain",
                "X-WP-Nonce",
                nonce,
                "Content-Disposition",
                "attachment; filename=outlives-the-cluster.txt");
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        offsiteUpload =
                URI.create(Json.parse(uploaded.body()).string("source_url")).getPath();
        // WP-cron writes as it runs: stopped, so that what is compared is what was backed up.
        cluster.docker(cluster.manager(), "service", "scale", "--detach=false", STACK + "_cron=0")
                .orThrow();
        offsiteTables = wordpressTables(credentials.get("db_root_pass"));

        start = System.nanoTime();
        CommandResult backup = backingUp.run(COMMAND_TIMEOUT, "backup");
        assertEquals(0, backup.exitCode(), backup.output() + backup.error());
        time("backup to the off-node repository", start);
        offsitePassword = credentials.get("backup_repo_pass");
    }

    /**
     * Disaster, part 2: the whole cluster lost (every node, with the swarm, the stack's volumes, its default
     * backups and its secrets); a new machine (a one-node swarm that has the stack's images, and nothing else) is
     * deployed as a newcomer does, then {@code restore --from} with the repository's URL and password alone
     * brings back the post, the upload byte for byte and the rows of WordPress's tables.
     */
    @Test
    @Order(10)
    void aLostClusterComesBackOnANewMachineFromTheOffNodeRepositoryWithItsUrlAndPasswordAlone() throws Exception {
        Assumptions.assumeTrue(offsitePassword != null, "the off-node backup (order 8) did not run");
        Path password = work.resolve("lost-cluster-repository-password");
        Files.writeString(password, offsitePassword + "\n");
        if (exporter != null) {
            exporter.close();
            exporter = null;
        }
        long start = System.nanoTime();
        cluster.close();
        cluster = DindCluster.start(DindCluster.Settings.of(SwarmNodeImage.ensureBuilt(SwarmNodeImage.DEFAULT), 0));
        Wpstack onNew = onCluster
                .with("DOCKER_HOST", cluster.managerDockerHost())
                .with(
                        "WPSTACK_CREDENTIALS",
                        work.resolve("credentials-new-machine").toString());
        for (String service : SERVICES) {
            String image = "wpstack/" + service + ":" + version;
            cluster.loadImage(image);
            onNew = onNew.with(io.wpstack.cli.images.ImageTags.overrideVariable(service), image);
        }
        time("the cluster destroyed; a new machine with the stack's images", start);
        start = System.nanoTime();
        CommandResult up = onNew.run(COMMAND_TIMEOUT, "up");
        assertEquals(0, up.exitCode(), up.output() + up.error());
        time("up on the new machine (development)", start);
        String site = siteUrl().replaceFirst("/$", "");
        assertEquals(404, Web.anonymous().get(site + offsiteUpload).statusCode(), "a new, empty site");

        start = System.nanoTime();
        CommandResult restore = onNew.run(
                COMMAND_TIMEOUT,
                "restore",
                "latest",
                "--from",
                offsiteRepository(),
                "--password-file",
                password.toString(),
                "--yes");
        assertEquals(0, restore.exitCode(), restore.output() + restore.error());
        time("restore --from the off-node repository on the new machine", start);
        cluster.docker(cluster.manager(), "service", "scale", "--detach=false", STACK + "_cron=0")
                .orThrow();
        HttpResponse<String> upload = Web.anonymous().get(site + offsiteUpload);
        assertEquals(200, upload.statusCode(), offsiteUpload);
        assertTrue(upload.body().equals(offsiteUploadBody), "the upload, byte for byte");
        assertTrue(
                Web.anonymous()
                        .get(site + "/?s=" + URLEncoder.encode(offsiteTitle, StandardCharsets.UTF_8))
                        .body()
                        .contains(offsiteTitle),
                "the post is served");
        assertEquals(
                offsiteTables,
                wordpressTables(onNew.credentials().get("db_root_pass")),
                "the rows of WordPress's tables");
    }

    // --- steps ----------------------------------------------------------------------------------

    /** The disaster test's repository, as the nodes of the current cluster reach it (their network's gateway). */
    private String offsiteRepository() {
        String gateway = DockerCli.check(
                        "network", "inspect", "--format", "{{(index .IPAM.Config 0).Gateway}}", cluster.run())
                .strip();
        if (gateway.isEmpty()) {
            String subnet = DockerCli.check(
                            "network", "inspect", "--format", "{{(index .IPAM.Config 0).Subnet}}", cluster.run())
                    .strip();
            String network = subnet.substring(0, subnet.indexOf('/'));
            gateway = network.substring(0, network.lastIndexOf('.') + 1) + "1";
        }
        return "rest:http://" + gateway + ":" + offsitePort + "/" + STACK;
    }

    /** CHECKSUM TABLE of WordPress's content tables, on the node MariaDB runs on, with the root PASSWORD. */
    private String wordpressTables(String password) {
        ClusterNode node = runningNodes(STACK + "_mariadb").getFirst();
        String container = cluster.docker(
                        node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + STACK + "_mariadb")
                .orThrow()
                .strip();
        return cluster.docker(
                        node,
                        "exec",
                        container,
                        "mariadb",
                        "-N",
                        "-B",
                        "-uroot",
                        "-p" + password,
                        "wordpress",
                        "-e",
                        "CHECKSUM TABLE wp_posts, wp_postmeta, wp_comments, wp_users, wp_usermeta, wp_terms,"
                                + " wp_term_taxonomy, wp_term_relationships")
                .orThrow()
                .strip();
    }

    /** {@code docker save} on this host, {@code docker load} on the manager (the registry cannot serve itself). */
    private void loadIntoManager(String image) {
        Path archive = work.resolve("registry-image.tar");
        try {
            DockerCli.run(COMMAND_TIMEOUT, null, "save", "-o", archive.toString(), image)
                    .orThrow();
            DockerCli.run(
                            COMMAND_TIMEOUT,
                            archive,
                            "exec",
                            "-i",
                            cluster.manager().name(),
                            "docker",
                            "load",
                            "-q")
                    .orThrow();
        } finally {
            try {
                Files.deleteIfExists(archive);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Runs the command `./wpstack registry trust` printed inside the node, as a user would on each machine. */
    private void trust(ClusterNode node) {
        cluster.exec(node, "sh", "-c", trustCommand).orThrow();
    }

    /** A worker running a stateless task, preferably not Caddy (so the site must keep serving throughout). */
    private ClusterNode lostWorker(ClusterNode caddyNode) {
        List<ClusterNode> candidates = cluster.workers().stream()
                .filter(node -> !tasksOn(node).isEmpty())
                .toList();
        assertFalse(candidates.isEmpty(), "no worker runs a stateless task: " + placement());
        List<ClusterNode> guards = runningNodes(MONITORING + "_caddy_monitoring");
        return candidates.stream()
                .filter(node -> !node.equals(caddyNode))
                .sorted((a, b) -> Boolean.compare(guards.contains(a), guards.contains(b)))
                .findFirst()
                .orElse(candidates.getFirst());
    }

    /** Requests the home page through Caddy until told to stop, recording every failure. */
    private void probe(AtomicBoolean running, AtomicInteger served, List<String> failed) {
        Web web = Web.anonymous();
        String url = siteUrl();
        while (running.get()) {
            try {
                HttpResponse<String> home = web.get(url);
                if (home.statusCode() == 200) {
                    served.incrementAndGet();
                } else {
                    synchronized (failed) {
                        failed.add("HTTP " + home.statusCode());
                    }
                }
            } catch (IOException e) {
                synchronized (failed) {
                    failed.add(e.toString());
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits until the exporter reads every service of the stack as running all its replicas, and, with a lost
     * node, that node as down and no task counted there (the Engine API may still report them running).
     */
    private void awaitConverged(String what, Optional<String> lostNodeId) {
        Poll.until(
                what,
                WAIT,
                () -> {
                    RunningExporter.Scrape scrape = exporter.scrape();
                    for (String service : SERVICES) {
                        double desired =
                                scrape.service("docker_swarm_service_replicas_desired", STACK, STACK + "_" + service);
                        double running =
                                scrape.service("docker_swarm_service_replicas_running", STACK, STACK + "_" + service);
                        if (desired < 1 || running != desired) {
                            return false;
                        }
                        if (running != liveTasks(STACK + "_" + service, lostNodeId)) {
                            return false;
                        }
                    }
                    return scrape.service("docker_swarm_service_replicas_desired", STACK, STACK + "_wordpress")
                            == WORDPRESS_REPLICAS;
                },
                () -> exporter.scrape().family("docker_swarm_service_replicas_running") + placement());
    }

    /** Tasks of the service running (and meant to) on a node other than the lost one. */
    private long liveTasks(String service, Optional<String> lostNodeId) {
        return tasks(service).stream()
                .filter(ClusterIT::running)
                .filter(task ->
                        lostNodeId.map(id -> !id.equals(task.string("NodeID"))).orElse(true))
                .count();
    }

    private String siteUrl() {
        ClusterNode caddy = runningNodes(STACK + "_caddy").getFirst();
        return "http://" + caddy.address() + ":" + httpPort + "/";
    }

    private void assertServes(String url) {
        Supplier<String> last = () -> {
            try {
                HttpResponse<String> home = Web.anonymous().get(url);
                return home.statusCode() + " "
                        + home.body().substring(0, Math.min(300, home.body().length()));
            } catch (IOException e) {
                return e.toString();
            }
        };
        Poll.until(
                "the WordPress site to answer 200 at " + url,
                WAIT,
                () -> {
                    try {
                        HttpResponse<String> home = Web.anonymous().get(url);
                        return home.statusCode() == 200
                                && home.body().contains("wp-content")
                                && !home.body().contains("install.php");
                    } catch (IOException e) {
                        return false;
                    }
                },
                () -> "last answer: " + last.get());
    }

    // --- the cluster's monitoring stack, through caddy_monitoring ----------------------------------

    /**
     * The node caddy_monitoring runs on (its ports are published in host mode), never a stopped one; empty while
     * it is being rescheduled (the lost worker may have run it: with WordPress on the data node, the workers run
     * only Adminer, Caddy, cron and the monitoring stack).
     */
    private Optional<String> monitoringHost() {
        return runningNodes(MONITORING + "_caddy_monitoring").stream()
                .filter(node -> !node.equals(stopped))
                .findFirst()
                .map(ClusterNode::address);
    }

    /** GET with the credentials, as JSON; null on anything but 200, or while caddy_monitoring moves (it is polled). */
    private Json api(int port, String path) {
        Optional<String> host = monitoringHost();
        if (host.isEmpty()) {
            return null;
        }
        String url = "http://" + host.get() + ":" + port + path;
        try {
            HttpResponse<String> response = admin.get(url);
            return response.statusCode() == 200 ? Json.parse(response.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private List<Json> query(String expression) {
        Json answer =
                api(prometheusPort, "/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        return answer == null ? List.of() : answer.objects("data", "result");
    }

    /** The value of a query returning one series; -1 when it returns none (or more). */
    private double prometheusValue(String expression) {
        List<Json> result = query(expression);
        List<Json> value = result.size() == 1 ? result.getFirst().elements("value") : List.of();
        return value.size() == 2 ? Double.parseDouble(value.get(1).string()) : -1;
    }

    private static String replicas(String which, String service) {
        return "docker_swarm_service_replicas_" + which + "{stack=\"" + STACK + "\",service=\"" + STACK + "_" + service
                + "\"}";
    }

    /**
     * The states of SwarmNodeDown for the node in Prometheus (pending, firing) or Alertmanager (active,
     * suppressed, ...): empty once resolved; {@value #UNREACHABLE} when the API did not answer, so an
     * unreachable API never reads as a resolved alert.
     */
    private Set<String> alertStates(boolean alertmanager, String hostname) {
        Optional<Json> answer = alertmanager
                ? Optional.ofNullable(api(alertmanagerPort, "/api/v2/alerts"))
                : Optional.ofNullable(api(prometheusPort, "/api/v1/alerts")).flatMap(json -> json.at("data", "alerts"));
        if (answer.isEmpty() || !answer.get().isArray()) {
            return Set.of(UNREACHABLE);
        }
        return answer.get().objects().stream()
                .filter(alert -> "SwarmNodeDown".equals(alert.string("labels", "alertname")))
                .filter(alert -> hostname.equals(alert.string("labels", "hostname")))
                .map(alert -> alertmanager ? alert.string("status", "state") : alert.string("state"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private String alertDiagnostics(String hostname) {
        return "SwarmNodeDown for " + hostname + " in Prometheus: " + alertStates(false, hostname)
                + "; in Alertmanager: " + alertStates(true, hostname) + "; node states: "
                + query("docker_swarm_node_state == 1");
    }

    // --- the cluster's state ---------------------------------------------------------------------

    /** The nodes where the service has a task that runs and should. */
    private List<ClusterNode> runningNodes(String service) {
        Map<String, ClusterNode> byId =
                cluster.nodes().stream().collect(Collectors.toMap(node -> cluster.nodeId(node), node -> node));
        return tasks(service).stream()
                .filter(ClusterIT::running)
                .map(task -> byId.get(task.string("NodeID")))
                .toList();
    }

    /** GET /tasks of the service, through the manager's Engine API. */
    private List<Json> tasks(String service) {
        return cluster.api(Filters.of("service", service).on("/tasks")).objects();
    }

    /** The task runs, and should. */
    private static boolean running(Json task) {
        return task.string("DesiredState").equals("running")
                && task.string("Status", "State").equals("running");
    }

    /** The stateless services with a running task on the node. */
    private List<String> tasksOn(ClusterNode node) {
        return STATELESS.stream()
                .filter(service -> runningNodes(STACK + "_" + service).contains(node))
                .toList();
    }

    private String placement() {
        StringBuilder text = new StringBuilder("placement:\n");
        for (String service : SERVICES) {
            text.append("  ")
                    .append(service)
                    .append(": ")
                    .append(runningNodes(STACK + "_" + service).stream()
                            .map(ClusterNode::name)
                            .toList())
                    .append('\n');
        }
        return text.toString();
    }

    private void printPlacement() {
        System.out.print("[cluster-it] " + placement());
    }

    private void assertImageFromRegistry(String service, String image) {
        String reference = cluster.api("/services/" + service).string("Spec", "TaskTemplate", "ContainerSpec", "Image");
        assertTrue(reference.contains(REGISTRY + "/wpstack/" + image + ":" + version), service + ": " + reference);
    }

    // --- this host ---------------------------------------------------------------------------------

    /**
     * Removes what the test adds on this host: the /etc/hosts line and certs.d folder of its registry name, the
     * image tags for it, and the files it adds under .wpstack/registry (the CA stays when it was there before).
     */
    private void removeHostState() {
        try {
            removeHostsLine();
            deleteTree(CERTS_D.resolve(REGISTRY));
            for (String tag : DockerCli.check("image", "ls", "--format", "{{.Repository}}:{{.Tag}}")
                    .lines()
                    .filter(tag -> tag.startsWith(REGISTRY + "/"))
                    .toList()) {
                DockerCli.run("image", "rm", tag);
            }
            deleteTree(REGISTRY_STATE.resolve(REGISTRY_STACK));
            Files.deleteIfExists(PROBE_TARGETS);
            for (Path added : filesUnder(REGISTRY_STATE)) {
                if (!registryStateBefore.contains(added)) {
                    Files.deleteIfExists(added);
                }
            }
            if (registryStateBefore.isEmpty() && Files.isDirectory(REGISTRY_STATE)) {
                deleteTree(REGISTRY_STATE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the test's state from this host", e);
        }
    }

    private static Optional<String> hostsLine() {
        try {
            return Files.readAllLines(HOSTS).stream()
                    .filter(ClusterIT::isOurHostsLine)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line `./wpstack registry trust` adds: {@code ADDRESS NAME # wpstack registry}. */
    private static boolean isOurHostsLine(String line) {
        return line.matches("\\S+\\s+" + Pattern.quote(REGISTRY_NAME) + " # wpstack registry");
    }

    private static void removeHostsLine() throws IOException {
        List<String> lines = Files.readAllLines(HOSTS);
        if (lines.stream().anyMatch(ClusterIT::isOurHostsLine)) {
            // In place (not a rename): /etc/hosts may be a bind mount.
            Files.write(
                    HOSTS, lines.stream().filter(line -> !isOurHostsLine(line)).toList());
        }
    }

    private static Set<Path> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            return tree.filter(Files::isRegularFile).collect(Collectors.toUnmodifiableSet());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The base image `./wpstack test` chose (so `build --push` rebuilds nothing), if known. */
    private static Optional<String> baseImage() throws IOException {
        String fromEnvironment = System.getenv("BASE_IMAGE");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment);
        }
        Path chosen = Wpstack.ROOT.resolve(".wpstack/test-base-image");
        return Files.isRegularFile(chosen)
                ? Optional.of(Files.readString(chosen).strip())
                : Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void time(String what, long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        String line = String.format("%s: %.1f s", what, seconds(took));
        timings.add(line);
        System.out.println("[cluster-it] " + line);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}

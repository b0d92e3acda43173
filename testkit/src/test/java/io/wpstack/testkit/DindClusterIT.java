package io.wpstack.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wpstack.engine.Filters;
import io.wpstack.engine.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Proves the multi-node harness: a 3-node Docker-in-Docker swarm forms, runs a global service, loses a worker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DindClusterIT {
    /** Local, so it needs no registry: the slim base {@code ./wpstack build} makes. */
    private static final String TASK_IMAGE = SwarmNodeImage.FALLBACK_BASE_IMAGE;

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private DindCluster cluster;

    @BeforeAll
    void startCluster() {
        String image = SwarmNodeImage.ensureBuilt(SwarmNodeImage.DEFAULT);
        long start = System.nanoTime();
        cluster = DindCluster.start(DindCluster.Settings.of(image, 2));
        report(
                "cluster of 3 nodes up (containers, dockerd, swarm, all ready)",
                Duration.ofNanos(System.nanoTime() - start));
    }

    @AfterAll
    void removeCluster() {
        if (cluster != null) {
            long start = System.nanoTime();
            cluster.close();
            report("cluster removed", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Test
    void managerApiReportsOneManagerAndTwoWorkersReady() {
        Map<String, String> roleAndStateByHost = new TreeMap<>();
        cluster.api("/nodes")
                .objects()
                .forEach(node -> roleAndStateByHost.put(
                        node.string("Description", "Hostname"),
                        node.string("Spec", "Role") + " " + node.string("Status", "State")));

        assertEquals(
                Map.of(
                        cluster.manager().name(), "manager ready",
                        cluster.workers().get(0).name(), "worker ready",
                        cluster.workers().get(1).name(), "worker ready"),
                roleAndStateByHost);
    }

    @Test
    void globalServiceFromALoadedImageRunsOneTaskOnEveryNode() {
        long start = System.nanoTime();
        cluster.loadImage(TASK_IMAGE);
        report("loaded " + TASK_IMAGE + " into 3 nodes", Duration.ofNanos(System.nanoTime() - start));

        cluster.docker(
                        cluster.manager(),
                        "service",
                        "create",
                        "--detach",
                        "--name",
                        "it-global",
                        "--mode",
                        "global",
                        "--endpoint-mode",
                        "dnsrr",
                        TASK_IMAGE,
                        "sleep",
                        "infinity")
                .orThrow();

        Duration converged = Poll.until(
                "it-global to run one task on each of the 3 nodes",
                TIMEOUT,
                () -> runningTaskNodes("it-global").size() == 3,
                () -> "tasks (node desired/state): "
                        + tasks("it-global").stream()
                                .map(task -> task.string("NodeID") + " " + task.string("DesiredState") + "/"
                                        + task.string("Status", "State"))
                                .toList());
        report("global service running on 3 nodes", converged);
        assertEquals(
                cluster.nodes().stream().map(cluster::nodeId).sorted().toList(),
                runningTaskNodes("it-global").stream().sorted().toList());
    }

    @Test
    void lostWorkerIsReportedDownAndIsReadyAgainAfterRestart() {
        ClusterNode worker = cluster.workers().getLast();

        long stoppedAt = System.nanoTime();
        cluster.stopNode(worker);
        Poll.until(worker + " down in GET /nodes", TIMEOUT, () -> state(worker).equals("down"));
        report("lost worker reported down", Duration.ofNanos(System.nanoTime() - stoppedAt));

        long startedAt = System.nanoTime();
        cluster.startNode(worker);
        Poll.until(worker + " ready in GET /nodes", TIMEOUT, () -> state(worker).equals("ready"));
        report("restarted worker ready again", Duration.ofNanos(System.nanoTime() - startedAt));

        assertEquals("ready", cluster.nodeState(worker));
    }

    private String state(ClusterNode node) {
        return cluster.api("/nodes").objects().stream()
                .filter(candidate -> candidate.string("ID").equals(cluster.nodeId(node)))
                .map(candidate -> candidate.string("Status", "State"))
                .findFirst()
                .orElse("absent");
    }

    private List<String> runningTaskNodes(String service) {
        return tasks(service).stream()
                .filter(task -> task.string("DesiredState").equals("running")
                        && task.string("Status", "State").equals("running"))
                .map(task -> task.string("NodeID"))
                .toList();
    }

    private List<Json> tasks(String service) {
        return cluster.api(Filters.of("service", service).on("/tasks")).objects();
    }

    private static void report(String what, Duration took) {
        System.out.printf("[dind-cluster] %s: %.1f s%n", what, took.toMillis() / 1000.0);
    }
}

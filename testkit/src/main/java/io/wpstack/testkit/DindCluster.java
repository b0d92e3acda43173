package io.wpstack.testkit;

import io.wpstack.engine.DockerException;
import io.wpstack.engine.EngineClient;
import io.wpstack.engine.Json;
import io.wpstack.testkit.ClusterNode.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A throwaway Docker-in-Docker Swarm: one manager and N workers, each a container of the {@code images/swarm-node}
 * image on a bridge network of its own, driven through the host's {@code docker} CLI.
 *
 * <p>Every container, volume and network is named {@code wpstack-it-<run>...} and labelled with the run and the
 * owning process, so {@link #close()} (or a shutdown hook, if the JVM is stopped) removes exactly this run, and
 * {@link #start} first sweeps what crashed runs left behind. Each node's engine API listens without TLS on
 * {@code tcp://<address>:2375}: the network is {@code --internal} and publishes no port, so only the host and
 * the other nodes reach it. Test use only.
 */
public final class DindCluster implements AutoCloseable {
    public static final String PREFIX = "wpstack-it-";
    private static final int ENGINE_PORT = 2375;
    private static final int SWARM_PORT = 2377;
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);

    /**
     * @param image the node image, e.g. {@link SwarmNodeImage#DEFAULT}
     * @param workers how many workers beside the one manager
     * @param heartbeat Swarm's dispatcher heartbeat: a node missing about three is marked down (default 5s)
     * @param timeout how long to wait for each step (a daemon to answer, nodes to be Ready)
     * @param environment extra environment of every node's dockerd (over the image's)
     */
    public record Settings(
            String image, int workers, Duration heartbeat, Duration timeout, Map<String, String> environment) {
        public Settings {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0, got " + workers);
            }
            environment = Map.copyOf(environment);
        }

        public Settings(String image, int workers, Duration heartbeat, Duration timeout) {
            this(image, workers, heartbeat, timeout, Map.of());
        }

        /** A 1s heartbeat, so a lost worker is marked down in about 3s instead of 10-15s. */
        public static Settings of(String image, int workers) {
            return new Settings(image, workers, Duration.ofSeconds(1), Duration.ofSeconds(60));
        }

        /**
         * These settings with extra dockerd environment, e.g. {@code DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=0} so
         * that Swarm tasks pull their images from a registry the nodes reach (the image sets it to 1).
         */
        public Settings withEnvironment(Map<String, String> environment) {
            return new Settings(image, workers, heartbeat, timeout, environment);
        }
    }

    private final Settings settings;
    private final String run;
    private final List<ClusterNode> nodes;
    private final Map<String, String> nodeIds = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread removeOnExit;

    private DindCluster(Settings settings, String run, List<ClusterNode> nodes, Thread removeOnExit) {
        this.settings = settings;
        this.run = run;
        this.nodes = List.copyOf(nodes);
        this.removeOnExit = removeOnExit;
    }

    /** Sweeps leftovers of crashed runs, then creates the nodes and forms the swarm; all nodes are Ready. */
    public static DindCluster start(Settings settings) {
        sweepLeftovers();
        String run = PREFIX + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        Thread removeOnExit = Thread.ofPlatform().name(run + "-cleanup").unstarted(() -> removeQuietly(run));
        Runtime.getRuntime().addShutdownHook(removeOnExit);
        DindCluster cluster = null;
        try {
            String subnet = createNetwork(run);
            cluster = new DindCluster(settings, run, plan(run, subnet, settings.workers()), removeOnExit);
            cluster.form();
            return cluster;
        } catch (RuntimeException | Error e) {
            try {
                if (cluster != null) {
                    cluster.close();
                } else {
                    Runtime.getRuntime().removeShutdownHook(removeOnExit);
                    Janitor.removeRun(run);
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Removes the resources of earlier runs whose JVM is gone (crashed, killed); live runs are left alone. */
    public static void sweepLeftovers() {
        Janitor.sweep(PREFIX);
    }

    public String run() {
        return run;
    }

    public List<ClusterNode> nodes() {
        return nodes;
    }

    public ClusterNode manager() {
        return nodes.getFirst();
    }

    public List<ClusterNode> workers() {
        return nodes.subList(1, nodes.size());
    }

    /** {@code tcp://<manager address>:2375}, reachable from the host: use it as {@code DOCKER_HOST}. */
    public String managerDockerHost() {
        return "tcp://" + manager().address() + ":" + ENGINE_PORT;
    }

    /**
     * GET PATH on the manager's Engine API (e.g. {@code /nodes}, {@code /services/NAME}), as JSON, with the
     * engine client the exporter and the CLI use; any failure is a {@link ClusterException}.
     */
    public Json api(String path) {
        try {
            return EngineClient.fromEnvironment(Map.of("DOCKER_HOST", managerDockerHost()), "wpstack-testkit")
                    .get(path);
        } catch (DockerException e) {
            throw new ClusterException("GET " + path + " on " + managerDockerHost() + " failed: " + e.getMessage(), e);
        }
    }

    /** The node's Swarm node ID (stable across {@link #stopNode}/{@link #startNode}). */
    public String nodeId(ClusterNode node) {
        String id = nodeIds.get(node.name());
        if (id == null) {
            throw new ClusterException(node + " is not a node of " + run);
        }
        return id;
    }

    /** Runs {@code command} in the node container ({@code docker exec}). */
    public CommandResult exec(ClusterNode node, String... command) {
        return DockerCli.run(concat(List.of("exec", node.name()), command));
    }

    /** Runs the node's own docker CLI against its own engine: {@code docker(manager(), "service", "ls")}. */
    public CommandResult docker(ClusterNode node, String... args) {
        return exec(node, concat(List.of("docker"), args));
    }

    /** Copies a host image into every node ({@code docker save}, then {@code docker load} on all nodes at once). */
    public void loadImage(String image) {
        Path archive = null;
        try {
            archive = Files.createTempFile(run + "-image-", ".tar");
            DockerCli.run(LOAD_TIMEOUT, null, "save", "-o", archive.toString(), image)
                    .orThrow();
            Path input = archive;
            try (var loaders = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<CommandResult>> loads = nodes.stream()
                        .map(node -> loaders.submit(() ->
                                DockerCli.run(LOAD_TIMEOUT, input, "exec", "-i", node.name(), "docker", "load", "-q")))
                        .toList();
                for (Future<CommandResult> load : loads) {
                    load.get().orThrow();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + image + " for loading into " + run, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while loading " + image, e);
        } catch (ExecutionException e) {
            throw new ClusterException("cannot load " + image + " into " + run + ": " + e.getCause(), e.getCause());
        } finally {
            deleteQuietly(archive);
        }
    }

    /** Kills the node container (SIGKILL: a lost machine, no goodbye to the swarm). */
    public void stopNode(ClusterNode node) {
        DockerCli.check("kill", node.name());
    }

    /** Starts a stopped node container and waits for its dockerd; Swarm rejoins it by itself. */
    public void startNode(ClusterNode node) {
        DockerCli.check("start", node.name());
        awaitDaemon(node);
    }

    public void drain(ClusterNode node) {
        setAvailability(node, "drain");
    }

    public void activate(ClusterNode node) {
        setAvailability(node, "active");
    }

    public void label(ClusterNode node, String key, String value) {
        docker(manager(), "node", "update", "--label-add", key + "=" + value, nodeId(node))
                .orThrow();
    }

    /** The node's state as the manager sees it: ready, down, unknown or disconnected. */
    public String nodeState(ClusterNode node) {
        return docker(manager(), "node", "inspect", "--format", "{{.Status.State}}", nodeId(node))
                .orThrow();
    }

    /** Waits until the manager reports {@code state} for the node; returns how long that took. */
    public Duration awaitNodeState(ClusterNode node, String state, Duration timeout) {
        return Poll.until(
                node + " to be " + state + " on the manager",
                timeout,
                () -> statesAre(state, List.of(node)),
                this::nodeList);
    }

    /** Removes every container, volume, network and cgroup of this run; safe to call twice. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(removeOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it removes the run
        }
        http.close();
        Janitor.removeRun(run);
    }

    private void form() {
        inParallel(nodes, node -> {
            startContainer(node);
            awaitDaemon(node);
        });
        initSwarm();
        workers().forEach(this::join);
        nodes.forEach(node -> nodeIds.put(node.name(), swarmNodeId(node)));
        Poll.until(
                "all " + nodes.size() + " nodes to be ready on the manager",
                settings.timeout(),
                () -> statesAre("ready", nodes),
                this::nodeList);
    }

    /**
     * Creates the run's network with a fixed subnet, so nodes get fixed addresses ({@code docker run --ip} needs a
     * user-set subnet) and a restarted node, above all the manager, keeps the address the swarm knows. Docker
     * picks a free subnet on a first create; the network is then recreated with that subnet stated.
     */
    private static String createNetwork(String run) {
        for (int attempt = 1; ; attempt++) {
            DockerCli.check(labelled(run, List.of("network", "create", "--internal"), run));
            String subnet = DockerCli.check("network", "inspect", "--format", "{{(index .IPAM.Config 0).Subnet}}", run);
            DockerCli.check("network", "rm", run);
            CommandResult created =
                    DockerCli.run(labelled(run, List.of("network", "create", "--internal", "--subnet", subnet), run));
            if (created.ok() || attempt == 3) {
                created.orThrow();
                return subnet;
            }
        }
    }

    private static List<ClusterNode> plan(String run, String subnet, int workers) {
        List<ClusterNode> planned = new ArrayList<>();
        planned.add(new ClusterNode(run + "-manager0", Role.MANAGER, hostAddress(subnet, 2)));
        for (int i = 1; i <= workers; i++) {
            planned.add(new ClusterNode(run + "-worker" + i, Role.WORKER, hostAddress(subnet, 2 + i)));
        }
        return planned;
    }

    /** The {@code offset}-th address of an IPv4 {@code a.b.c.d/len} subnet. */
    static String hostAddress(String subnet, int offset) {
        String[] octets = subnet.substring(0, subnet.indexOf('/')).split("\\.");
        long address = 0;
        for (String octet : octets) {
            address = (address << 8) | Integer.parseInt(octet);
        }
        address += offset;
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }

    /**
     * What a Docker-in-Docker node needs where --privileged is refused: every capability but SYS_RESOURCE,
     * no seccomp, AppArmor or masked /proc paths, every device, and the host's cgroup fs writable.
     */
    public static final List<String> NODE_FLAGS = List.of(
            "--cap-add",
            "ALL",
            "--cap-drop",
            "SYS_RESOURCE",
            "--security-opt",
            "seccomp=unconfined",
            "--security-opt",
            "apparmor=unconfined",
            "--security-opt",
            "systempaths=unconfined",
            "--device-cgroup-rule",
            "a *:* rwm",
            "--volume",
            "/sys/fs/cgroup:/sys/fs/cgroup:rw");

    private void startContainer(ClusterNode node) {
        DockerCli.check(labelled(run, List.of("volume", "create"), node.name()));
        DockerCli.check(labelled(
                run,
                Stream.concat(
                                Stream.of(
                                        "run",
                                        "--detach",
                                        "--name",
                                        node.name(),
                                        "--hostname",
                                        node.name(),
                                        "--network",
                                        run,
                                        "--ip",
                                        node.address(),
                                        // Names outside the cluster cannot resolve on the internal network: fail in 1s,
                                        // not 20s.
                                        "--dns-option",
                                        "timeout:1",
                                        "--dns-option",
                                        "attempts:1",
                                        // A named volume, not the container's overlay: overlay2 inside needs a real
                                        // filesystem.
                                        "--volume",
                                        node.name() + ":/var/lib/docker"),
                                NODE_FLAGS.stream())
                        .toList(),
                Stream.concat(
                                settings.environment().entrySet().stream()
                                        .sorted(Map.Entry.comparingByKey())
                                        .flatMap(e -> Stream.of("--env", e.getKey() + "=" + e.getValue())),
                                Stream.of(settings.image()))
                        .toArray(String[]::new)));
    }

    private void awaitDaemon(ClusterNode node) {
        URI ping = URI.create("http://" + node.address() + ":" + ENGINE_PORT + "/_ping");
        Poll.until(
                "dockerd in " + node + " to answer GET " + ping,
                settings.timeout(),
                () -> answers(ping) || failIfExited(node),
                () -> "last lines of its log (docker logs " + node + "):\n" + logTail(node));
    }

    private boolean answers(URI uri) {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while waiting for " + uri, e);
        }
    }

    private boolean failIfExited(ClusterNode node) {
        String running = DockerCli.run("inspect", "--format", "{{.State.Running}}", node.name())
                .output()
                .strip();
        if (!running.equals("true")) {
            throw new ClusterException(
                    node + " stopped before its dockerd answered; last lines of its log:\n" + logTail(node));
        }
        return false;
    }

    private String logTail(ClusterNode node) {
        CommandResult logs = DockerCli.run("logs", "--tail", "30", node.name());
        return logs.output() + logs.error();
    }

    private void initSwarm() {
        ClusterNode manager = manager();
        docker(
                        manager,
                        "swarm",
                        "init",
                        "--advertise-addr",
                        manager.address(),
                        "--listen-addr",
                        manager.address() + ":" + SWARM_PORT,
                        "--dispatcher-heartbeat",
                        settings.heartbeat().toMillis() + "ms")
                .orThrow();
    }

    private void join(ClusterNode worker) {
        String token =
                docker(manager(), "swarm", "join-token", "--quiet", "worker").orThrow();
        docker(
                        worker,
                        "swarm",
                        "join",
                        "--token",
                        token,
                        "--advertise-addr",
                        worker.address(),
                        "--listen-addr",
                        worker.address() + ":" + SWARM_PORT,
                        manager().address() + ":" + SWARM_PORT)
                .orThrow();
    }

    private String swarmNodeId(ClusterNode node) {
        return docker(node, "info", "--format", "{{.Swarm.NodeID}}").orThrow();
    }

    private void setAvailability(ClusterNode node, String availability) {
        docker(manager(), "node", "update", "--availability", availability, nodeId(node))
                .orThrow();
    }

    /** Whether the manager reports {@code state} for every one of {@code wanted} (one CLI call for all). */
    private boolean statesAre(String state, List<ClusterNode> wanted) {
        String[] ids = wanted.stream().map(this::nodeId).toArray(String[]::new);
        CommandResult result =
                docker(manager(), concat(List.of("node", "inspect", "--format", "{{.Status.State}}"), ids));
        return result.ok() && result.output().lines().allMatch(state::equals);
    }

    private String nodeList() {
        CommandResult list = docker(manager(), "node", "ls");
        return "docker node ls on the manager:\n" + list.output() + list.error();
    }

    /** Runs {@code action} for every node at once (dockerd boots mostly wait); rethrows the first failure. */
    private static void inParallel(List<ClusterNode> nodes, Consumer<ClusterNode> action) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> runs = nodes.stream()
                    .<Future<?>>map(node -> executor.submit(() -> action.accept(node)))
                    .toList();
            for (Future<?> run : runs) {
                run.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while starting nodes", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause
                    ? cause
                    : new ClusterException("starting a node failed: " + e.getCause(), e.getCause());
        }
    }

    private static String[] labelled(String run, List<String> command, String... rest) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--label", Janitor.RUN_LABEL + "=" + run));
        args.addAll(List.of("--label", Owner.LABEL + "=" + Owner.current().label()));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    private static String[] concat(List<String> first, String... rest) {
        return Stream.concat(first.stream(), Stream.of(rest)).toArray(String[]::new);
    }

    private static void removeQuietly(String run) {
        try {
            Janitor.removeRun(run);
        } catch (RuntimeException e) {
            System.err.println("[dind-cluster] " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("[dind-cluster] cannot delete " + file + ": " + e.getMessage());
        }
    }
}

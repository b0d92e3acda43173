package io.wpstack.cli.docker;

import io.wpstack.engine.Filters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link DockerReads} from the engine's API ({@link EngineReads}), docker exec and the docker CLI's own help
 * ({@link DockerCli}), and /proc/net/route.
 */
public final class EngineDockerReads implements DockerReads {
    private final EngineReads engine;
    private final DockerCli cli;

    public EngineDockerReads(EngineReads engine, DockerCli cli) {
        this.engine = engine;
        this.cli = cli;
    }

    /** Reads of the engine ENVIRONMENT names (DOCKER_HOST, DOCKER_TLS_*), as the docker CLI would read it. */
    public static EngineDockerReads of(Map<String, String> environment) {
        return new EngineDockerReads(EngineReads.of(environment), new DockerCli(environment));
    }

    @Override
    public String swarmState() {
        return engine.strict().info().localNodeState();
    }

    @Override
    public Optional<String> swarmNodeAddr() {
        return Optional.of(engine.info().nodeAddr()).filter(addr -> !addr.isEmpty());
    }

    @Override
    public String joinToken(String role) {
        return engine.strict().joinToken(role);
    }

    @Override
    public Optional<String> node(String node) {
        return engine.node(node).map(SwarmNode::id);
    }

    @Override
    public List<NodeRow> nodes() {
        return engine.strict().nodes(Filters.none()).stream()
                .map(SwarmNode::row)
                .toList();
    }

    @Override
    public boolean stackExists(String stack) {
        return engine.stackExists(stack);
    }

    @Override
    public Optional<String> networkId(String name) {
        return engine.networkId(name);
    }

    @Override
    public Set<String> stackServiceNetworks(String stack) {
        return Set.copyOf(engine.services(Filters.of("label", EngineReads.STACK_LABEL + "=" + stack)).stream()
                .flatMap(service -> service.networks().stream())
                .toList());
    }

    @Override
    public boolean volumeExists(String name) {
        return engine.volumeExists(name);
    }

    @Override
    public boolean secretExists(String name) {
        return engine.secretExists(name);
    }

    @Override
    public int stackLeftovers(String stack) {
        Filters stackLabel = Filters.of("label", EngineReads.STACK_LABEL + "=" + stack);
        return engine.containers(true, stackLabel).size() + engine.networkCount(stackLabel);
    }

    @Override
    public Optional<io.wpstack.engine.Json> serviceJson(String service) {
        return engine.serviceJson(service);
    }

    @Override
    public Optional<String> runningTaskNode(String service) {
        return engine.tasks(Filters.of("service", service).and("desired-state", "running")).stream()
                .map(SwarmTask::nodeId)
                .filter(node -> !node.isEmpty())
                .findFirst();
    }

    @Override
    public int liveTasks(String service) {
        return (int) engine.tasks(Filters.of("service", service)).stream()
                .filter(task -> !io.wpstack.cli.plan.Step.Condition.ENDED.contains(task.state()))
                .count();
    }

    @Override
    public List<String> backupJobs(String stack) {
        return engine
                .services(Filters.of("label", "io.wpstack.stack=" + stack).and("label", "io.wpstack.backup-job"))
                .stream()
                .map(io.wpstack.cli.docker.SwarmService::name)
                .toList();
    }

    @Override
    public Optional<String> localContainer(String service) {
        return engine.containers(false, Filters.of("label", EngineReads.SERVICE_LABEL + "=" + service)).stream()
                .findFirst()
                .map(ContainerSummary::shortId);
    }

    @Override
    public java.util.Map<String, List<String>> runningContainerAddresses(String service) {
        return engine.containerAddresses(Filters.of("label", EngineReads.SERVICE_LABEL + "=" + service));
    }

    @Override
    public List<String> serviceNodes(String service) {
        return engine.serviceNodes(service);
    }

    @Override
    public Optional<String> execOutput(String container, List<String> argv) {
        return cli.exec(container, argv);
    }

    @Override
    public String selfNodeId() {
        return engine.info().nodeId();
    }

    @Override
    public String thisNodeName() {
        return engine.info().name();
    }

    @Override
    public boolean swarmManager() {
        return engine.info().controlAvailable();
    }

    @Override
    public Optional<String> defaultRouteAddress() {
        return DefaultRoute.address(Path.of("/proc/net/route"));
    }

    @Override
    public Set<String> secretNames() {
        return Set.copyOf(engine.strict().secretNames(Filters.none()));
    }

    @Override
    public List<String> configNames(String prefix) {
        return engine.configNames(Filters.of("name", prefix)).stream()
                .filter(name -> name.startsWith(prefix))
                .toList();
    }

    @Override
    public java.util.Map<String, String> configContents(String prefix) {
        java.util.Map<String, String> contents = new java.util.TreeMap<>();
        for (var config : engine.configJson(Filters.of("name", prefix))) {
            String name = config.string("Spec", "Name");
            if (name.startsWith(prefix)) {
                contents.put(
                        name,
                        new String(
                                java.util.Base64.getDecoder().decode(config.string("Spec", "Data")),
                                java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return contents;
    }

    @Override
    public Optional<List<String>> portPublisher(int port) {
        return engine.containers(false, Filters.of("publish", Integer.toString(port))).stream()
                .findFirst()
                .map(container -> List.of(container.shownName(), container.label(EngineReads.SERVICE_LABEL)));
    }

    @Override
    public boolean stackDeployHasDetach() {
        return cli.stackDeployHasDetach();
    }
}

package io.wpstack.cli.docker;

import io.wpstack.cli.WpstackException;
import io.wpstack.engine.DockerException;
import io.wpstack.engine.EngineApi;
import io.wpstack.engine.EngineClient;
import io.wpstack.engine.Filters;
import io.wpstack.engine.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every read of the Docker engine the CLI makes, through the Engine API and the engine client the exporter uses
 * (DOCKER_HOST and DOCKER_TLS_* apply as for the docker CLI), each answered as the docker CLI command it replaces
 * showed it: the same filters, order, names and formatting.
 *
 * <p>As a docker CLI command that failed read as nothing, a read that fails reads as nothing here (no such
 * object, no nodes, an empty answer); {@link #strict()} reads fail instead, with a message that says what to do.
 * A missing object is never a failure: that is what "does it exist" asks.
 */
public final class EngineReads {
    static final String STACK_LABEL = "com.docker.stack.namespace";
    static final String SERVICE_LABEL = "com.docker.swarm.service.name";
    private static final Json NO_OBJECT = Json.parse("{}");
    private static final Json NO_ARRAY = Json.parse("[]");

    private final Engine engine;
    private final Clock clock;
    private final boolean strict;

    private EngineReads(Engine engine, Clock clock, boolean strict) {
        this.engine = engine;
        this.clock = clock;
        this.strict = strict;
    }

    /** Reads through API (captured answers, in unit tests), the task ages counted from CLOCK. */
    public EngineReads(EngineApi api, Clock clock) {
        this(new Engine(() -> api), clock, false);
    }

    /** Reads the engine ENVIRONMENT names; the client is made at the first read (a bad DOCKER_HOST fails there). */
    public static EngineReads of(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return new EngineReads(
                new Engine(() -> {
                    try {
                        return EngineClient.fromEnvironment(copy, "wpstack-cli");
                    } catch (DockerException.BadConfig e) {
                        throw new WpstackException(e.getMessage());
                    }
                }),
                Clock.systemUTC(),
                false);
    }

    /** These reads, failing with a {@link WpstackException} where the engine does not answer. */
    public EngineReads strict() {
        return new EngineReads(engine, clock, true);
    }

    // --- the engine and its swarm ---

    /** docker info: the engine's name and its swarm state. */
    public EngineInfo info() {
        return EngineInfo.from(read("/info", NO_OBJECT));
    }

    /** docker version's "{{.Server.Version}} (API {{.Server.APIVersion}})", if the engine answers. */
    public Optional<String> version() {
        Json version = read("/version", NO_OBJECT);
        return version.has("Version")
                ? Optional.of(version.string("Version") + " (API " + version.string("ApiVersion") + ")")
                : Optional.empty();
    }

    /** docker swarm join-token -q ROLE (worker or manager); "" where the engine gives none. */
    public String joinToken(String role) {
        String key = role.isEmpty() ? role : Character.toUpperCase(role.charAt(0)) + role.substring(1);
        return read("/swarm", NO_OBJECT).string("JoinTokens", key);
    }

    /** docker node ls: the nodes FILTERS lets through, in natural order of their hostnames. */
    public List<SwarmNode> nodes(Filters filters) {
        return read(filters.on("/nodes"), NO_ARRAY).objects().stream()
                .map(SwarmNode::from)
                .sorted(Comparator.comparing(SwarmNode::hostname, DockerFormat.NATURAL_ORDER))
                .toList();
    }

    /** docker node inspect NODE: by ID, hostname or ID prefix, or "self". */
    public Optional<SwarmNode> node(String node) {
        String reference = node.equals("self") ? info().nodeId() : node;
        return find("/nodes/" + path(reference)).map(SwarmNode::from);
    }

    /** docker service ls: the services FILTERS lets through, in natural order of their names. */
    public List<SwarmService> services(Filters filters) {
        return read(filters.on("/services"), NO_ARRAY).objects().stream()
                .map(SwarmService::from)
                .sorted(Comparator.comparing(SwarmService::name, DockerFormat.NATURAL_ORDER))
                .toList();
    }

    /** docker service inspect SERVICE: by ID, name or ID prefix. */
    public Optional<SwarmService> service(String service) {
        return find("/services/" + path(service)).map(SwarmService::from);
    }

    /** docker service inspect SERVICE as the engine answers it (Spec, Version, ...), for specs made from it. */
    public Optional<Json> serviceJson(String service) {
        return find("/services/" + path(service));
    }

    /** GET /tasks as the engine answers it (Status.ContainerStatus.ExitCode, ...), for a job's result. */
    public List<Json> taskJson(Filters filters) {
        return read(filters.on("/tasks"), NO_ARRAY).objects();
    }

    /** The stack has a service (docker stack services STACK lists one). */
    public boolean stackExists(String stack) {
        return !services(Filters.of("label", STACK_LABEL + "=" + stack)).isEmpty();
    }

    /** docker service ls --format {{.Image}}: each service's image as the CLI shows it, tagged ones without digest. */
    public List<String> serviceImages() {
        return services(Filters.none()).stream()
                .map(service -> ImageReference.shown(service.image()))
                .toList();
    }

    /** The image of each service's previous spec (what docker service rollback returns to), where it has one. */
    public List<String> previousServiceImages() {
        return read(Filters.none().on("/services"), NO_ARRAY).objects().stream()
                .map(service -> service.string("PreviousSpec", "TaskTemplate", "ContainerSpec", "Image"))
                .filter(image -> !image.isEmpty())
                .map(ImageReference::shown)
                .toList();
    }

    /** GET /tasks: the tasks FILTERS lets through, in the engine's order (none for a service filter naming none). */
    public List<SwarmTask> tasks(Filters filters) {
        return read(filters.on("/tasks"), NO_ARRAY).objects().stream()
                .map(SwarmTask::from)
                .toList();
    }

    /**
     * docker service ps [--filter FILTERS] [--no-trunc] SERVICE: the lines of its tasks; none when there is no
     * such service.
     *
     * @param truncate errors cut as the CLI cuts them without --no-trunc
     */
    public List<TaskRow> serviceTasks(String service, Filters filters, boolean truncate) {
        return rows(tasks(filters.and("service", service)), truncate);
    }

    /**
     * docker stack ps STACK: the lines of its tasks (a strict read fails as the CLI does when there are none).
     *
     * @param truncate errors cut as the CLI cuts them without --no-trunc
     */
    public List<TaskRow> stackTasks(String stack, boolean truncate) {
        List<SwarmTask> tasks = tasks(Filters.of("label", STACK_LABEL + "=" + stack));
        if (tasks.isEmpty() && strict) {
            throw new WpstackException("docker stack ps " + stack + " failed: nothing found in stack: " + stack);
        }
        return rows(tasks, truncate);
    }

    /** docker service ps -q [--filter ...]: the tasks FILTERS lets through, in the order the CLI lists them. */
    public List<SwarmTask> orderedTasks(Filters filters) {
        List<SwarmTask> tasks = tasks(filters);
        return tasks.isEmpty() ? List.of() : TaskRow.ordered(tasks, serviceNames());
    }

    private List<TaskRow> rows(List<SwarmTask> tasks, boolean truncate) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        return TaskRow.of(tasks, serviceNames(), nodesById(), clock.instant(), truncate);
    }

    /** Every service's name by its ID (what the CLI's ID resolver answers). */
    private Map<String, String> serviceNames() {
        return services(Filters.none()).stream()
                .collect(Collectors.toMap(SwarmService::id, SwarmService::name, (a, b) -> a));
    }

    /** docker service ps --filter desired-state=running --format {{.Node}} SERVICE: distinct, sorted, none blank. */
    public List<String> serviceNodes(String service) {
        return serviceTasks(service, Filters.of("desired-state", "running"), true).stream()
                .map(TaskRow::node)
                .filter(node -> !node.isBlank())
                .distinct()
                .sorted()
                .toList();
    }

    private Map<String, SwarmNode> nodesById() {
        return nodes(Filters.none()).stream()
                .collect(Collectors.toMap(SwarmNode::id, Function.identity(), (a, b) -> a));
    }

    // --- secrets, configs, volumes, networks ---

    /** docker secret ls --format {{.Name}}: in natural order. */
    public List<String> secretNames(Filters filters) {
        return names(read(filters.on("/secrets"), NO_ARRAY));
    }

    /** docker secret inspect SECRET succeeds. */
    public boolean secretExists(String secret) {
        return find("/secrets/" + path(secret)).isPresent();
    }

    /** The secret's labels (docker secret inspect's Spec.Labels); none where there is no such secret. */
    public Map<String, String> secretLabels(String secret) {
        return find("/secrets/" + path(secret))
                .map(json -> json.stringMap("Spec", "Labels"))
                .orElse(Map.of());
    }

    /** docker config ls --format {{.Name}}: in natural order (the name filter matches a prefix). */
    public List<String> configNames(Filters filters) {
        return names(read(filters.on("/configs"), NO_ARRAY));
    }

    /** GET /configs: each config with its Spec (Name, Labels, Data in base64). */
    public List<Json> configJson(Filters filters) {
        return read(filters.on("/configs"), NO_ARRAY).objects();
    }

    private static List<String> names(Json objects) {
        return objects.objects().stream()
                .map(object -> object.string("Spec", "Name"))
                .sorted(DockerFormat.NATURAL_ORDER)
                .toList();
    }

    /** docker volume inspect VOLUME succeeds. */
    public boolean volumeExists(String volume) {
        return find("/volumes/" + path(volume)).isPresent();
    }

    /** docker network inspect --format {{.Id}} NETWORK (by name, ID or ID prefix). */
    public Optional<String> networkId(String network) {
        return find("/networks/" + path(network)).map(json -> json.string("Id"));
    }

    /** docker network ls -q --filter FILTERS, counted. */
    public int networkCount(Filters filters) {
        return read(filters.on("/networks"), NO_ARRAY).objects().size();
    }

    // --- containers and images ---

    /** docker ps [-a] --filter FILTERS: newest first, as the engine lists them. */
    public List<ContainerSummary> containers(boolean all, Filters filters) {
        return read(filters.on(all ? "/containers/json?all=1" : "/containers/json"), NO_ARRAY).objects().stream()
                .map(ContainerSummary::from)
                .toList();
    }

    /** The running containers of FILTERS, by ID, each with its IP addresses (every network's). */
    public java.util.Map<String, List<String>> containerAddresses(Filters filters) {
        java.util.Map<String, List<String>> addresses = new java.util.LinkedHashMap<>();
        for (Json container : read(filters.on("/containers/json"), NO_ARRAY).objects()) {
            List<String> ips = container.at("NetworkSettings", "Networks").stream()
                    .flatMap(networks -> networks.children().stream())
                    .map(network -> network.string("IPAddress"))
                    .filter(ip -> !ip.isEmpty())
                    .toList();
            addresses.put(container.string("Id"), ips);
        }
        return addresses;
    }

    /** docker image inspect --format {{.Id}} IMAGE: sha256:..., if the image is here. */
    public Optional<String> imageId(String image) {
        return find("/images/" + path(image) + "/json")
                .map(json -> json.string("Id"))
                .filter(id -> !id.isEmpty());
    }

    /** docker image inspect's RepoDigests (REPOSITORY@sha256:...). */
    public List<String> repoDigests(String image) {
        return find("/images/" + path(image) + "/json")
                .map(json -> json.strings("RepoDigests"))
                .orElse(List.of());
    }

    /** docker image ls [REFERENCE]: the images FILTERS lets through, newest first, as the engine lists them. */
    public List<ImageSummary> images(Filters filters) {
        return read(filters.on("/images/json"), NO_ARRAY).objects().stream()
                .map(ImageSummary::from)
                .toList();
    }

    // --- the two ways to ask ---

    /** GET PATH; a failure reads as NOTHING, or fails a strict read. */
    private Json read(String path, Json nothing) {
        try {
            return engine.api().get(path);
        } catch (DockerException.NotFound e) {
            return nothing;
        } catch (DockerException e) {
            if (strict) {
                throw failure(path, e);
            }
            return nothing;
        }
    }

    /** GET PATH of one object: empty where there is none, or where it fails (unless strict). */
    private Optional<Json> find(String path) {
        try {
            return engine.api().find(path);
        } catch (DockerException e) {
            if (strict) {
                throw failure(path, e);
            }
            return Optional.empty();
        }
    }

    private WpstackException failure(String path, DockerException e) {
        String endpoint = engine.api().endpoint();
        return new WpstackException(
                switch (e) {
                    case DockerException.Unreachable unreachable
                    when denied(unreachable.getCause()) ->
                        "this user may not open the Docker engine's socket at " + endpoint + " ("
                                + unreachable.getCause().getMessage()
                                + "); run ./wpstack as root, or as a member of the socket's group (docker)";
                    case DockerException.Unreachable unreachable ->
                        "cannot reach the Docker engine at " + endpoint + " ("
                                + unreachable.getCause().getMessage()
                                + "); is the Docker engine running? (./wpstack starts it) Is DOCKER_HOST right?";
                    case DockerException.NotManager notManager ->
                        "the Docker engine at " + endpoint + " is not a swarm manager (" + notManager.daemonMessage()
                                + "); run ./wpstack on a manager of the swarm";
                    case DockerException.Timeout timeout ->
                        "the Docker engine at " + endpoint + " did not answer GET " + path + " within "
                                + EngineClient.DEFAULT_TIMEOUT.toSeconds()
                                + " s; check dockerd (its log: .wpstack/logs/dockerd.log when wpstack started it)";
                    default -> e.getMessage();
                });
    }

    private static boolean denied(Throwable cause) {
        return cause instanceof AccessDeniedException
                || String.valueOf(cause.getMessage()).contains("Permission denied");
    }

    /** An object's name or ID as a path segment (image names keep their slashes, as the docker CLI sends them). */
    static String path(String reference) {
        StringBuilder path = new StringBuilder();
        for (byte b : reference.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~:@/".indexOf(c) >= 0) {
                path.append(c);
            } else {
                path.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return path.toString();
    }

    /** The client, made once, when first asked for. */
    private static final class Engine {
        private final Supplier<EngineApi> factory;
        private EngineApi api;

        Engine(Supplier<EngineApi> factory) {
            this.factory = factory;
        }

        synchronized EngineApi api() {
            if (api == null) {
                api = factory.get();
            }
            return api;
        }
    }
}

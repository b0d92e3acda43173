package io.wpstack.cli.registry;

import io.wpstack.cli.Context;
import io.wpstack.cli.docker.ContainerSummary;
import io.wpstack.cli.docker.DockerCli;
import io.wpstack.cli.docker.EngineReads;
import io.wpstack.cli.docker.SwarmNode;
import io.wpstack.cli.docker.SwarmService;
import io.wpstack.cli.docker.TaskRow;
import io.wpstack.engine.Filters;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link RegistryReads}: the engine's state from its API ({@link EngineReads}, DOCKER_HOST applies as for the
 * user), the docker CLI client's own help, and this host's (/proc, ss, getent, git, a TLS probe).
 */
final class HostRegistryReads implements RegistryReads {
    private static final Pattern SS_USER = Pattern.compile("users:\\(\\(\"([^\"]*)\",pid=([0-9]*)");
    private static final int PROBE_TIMEOUT_MILLIS = 5000;

    private final Map<String, String> environment;
    private final Path root;
    private final EngineReads engine;
    private final DockerCli cli;

    HostRegistryReads(Context context) {
        this(context, EngineReads.of(context.environment()));
    }

    HostRegistryReads(Context context, EngineReads engine) {
        this.environment = context.environment();
        this.root = context.root();
        this.engine = engine;
        this.cli = new DockerCli(environment);
    }

    /** The lines a program printed, none when it failed. */
    private List<String> lines(List<String> argv) {
        var output = io.wpstack.cli.docker.ProgramOutput.run(argv, environment, null);
        return output.code() == 0
                ? output.out().lines().filter(line -> !line.isBlank()).toList()
                : List.of();
    }

    private Optional<String> output(List<String> argv) {
        var output = io.wpstack.cli.docker.ProgramOutput.run(argv, environment, null);
        return output.code() == 0 ? Optional.of(output.out()) : Optional.empty();
    }

    @Override
    public String swarmState() {
        return engine.strict().info().localNodeState();
    }

    @Override
    public boolean swarmManager() {
        return engine.info().controlAvailable();
    }

    @Override
    public List<String> nodeAddresses() {
        return engine.nodes(Filters.none()).stream().map(SwarmNode::address).toList();
    }

    @Override
    public boolean labelledRegistryNode() {
        return !engine.nodes(Filters.of("node.label", "wpstack.registry=true")).isEmpty();
    }

    @Override
    public Set<String> secretNames() {
        return Set.copyOf(engine.secretNames(Filters.none()));
    }

    @Override
    public List<String> labelledSecretNames(String stack) {
        return engine.secretNames(Filters.of("label", "io.wpstack.stack=" + stack));
    }

    @Override
    public List<String> configNames(String filter) {
        return engine.configNames(Filters.of("name", filter));
    }

    @Override
    public boolean imageExists(String image) {
        return engine.imageId(image).isPresent();
    }

    @Override
    public Optional<String> imageId(String image) {
        return engine.imageId(image);
    }

    @Override
    public boolean stackDeployHasDetach() {
        return cli.stackDeployHasDetach();
    }

    @Override
    public boolean stackExists(String stack) {
        return engine.stackExists(stack);
    }

    @Override
    public boolean stackLeftovers(String stack) {
        Filters label = Filters.of("label", "com.docker.stack.namespace=" + stack);
        return !engine.containers(true, label).isEmpty() || engine.networkCount(label) > 0;
    }

    @Override
    public boolean volumeExists(String volume) {
        return engine.volumeExists(volume);
    }

    @Override
    public boolean volumeInUse(String volume) {
        return !engine.containers(true, Filters.of("volume", volume)).isEmpty();
    }

    /**
     * The first running task (docker service ps's order) of the service's desired tasks whose container spec
     * (image, secrets, configs) is the service's, and its node's hostname.
     */
    @Override
    public Optional<String> runningTaskNode(String service) {
        Optional<SwarmService> want = engine.service(service);
        if (want.isEmpty()) {
            return Optional.empty();
        }
        return engine.orderedTasks(Filters.of("service", service).and("desired-state", "running")).stream()
                .filter(task -> task.state().equals("running")
                        && task.spec().equals(want.get().spec()))
                .findFirst()
                .flatMap(task -> engine.node(task.nodeId()))
                .map(SwarmNode::hostname);
    }

    @Override
    public String thisNodeName() {
        return localEngine() ? engine.info().name() : "";
    }

    @Override
    public Optional<String> nodeAddress(String node) {
        return engine.node(node).map(SwarmNode::address).filter(addr -> !addr.isEmpty());
    }

    @Override
    public List<TaskRow> serviceTasks(String service, boolean allStates) {
        return allStates
                ? engine.serviceTasks(service, Filters.none(), false)
                : engine.serviceTasks(service, Filters.of("desired-state", "running"), true);
    }

    @Override
    public String portHolder(int port) {
        Optional<ContainerSummary> container =
                engine.containers(false, Filters.of("publish", Integer.toString(port))).stream()
                        .findFirst();
        if (container.isPresent()) {
            return container.get().shownName() + " (service " + container.get().label("com.docker.swarm.service.name")
                    + ")";
        }
        for (String line : lines(List.of("ss", "-Hltnp", "sport = :" + port))) {
            Matcher matcher = SS_USER.matcher(line);
            if (matcher.find()) {
                return matcher.group(1) + " (pid " + matcher.group(2) + ")";
            }
            break;
        }
        return "an unknown process";
    }

    @Override
    public boolean localEngine() {
        String host = environment.getOrDefault("DOCKER_HOST", "");
        return host.isEmpty() || host.startsWith("unix://");
    }

    @Override
    public List<String> hostAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.getName().matches("(docker|br-|veth).*")) {
                    continue;
                }
                for (var address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address v4 && !v4.isLoopbackAddress()) {
                        addresses.add(v4.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        return List.copyOf(addresses);
    }

    @Override
    public Optional<String> defaultRouteAddress() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 1 && fields[1].equals("00000000")) {
                    NetworkInterface nic = NetworkInterface.getByName(fields[0]);
                    if (nic == null) {
                        return Optional.empty();
                    }
                    return Collections.list(nic.getInetAddresses()).stream()
                            .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                            .map(address -> address.getHostAddress())
                            .findFirst();
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> resolve(String name) {
        return lines(List.of("getent", "hosts", name)).stream()
                .map(line -> line.trim().split("\\s+")[0])
                .findFirst();
    }

    @Override
    public boolean portListening(int port) {
        String hex = String.format(":%04X", port);
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(file))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 3 && fields[3].equals("0A") && fields[1].endsWith(hex)) {
                        return true;
                    }
                }
            } catch (IOException e) {
                // no such table (no IPv6): nothing listens there
            }
        }
        return false;
    }

    @Override
    public boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    @Override
    public String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return environment.getOrDefault("HOSTNAME", "localhost");
        }
    }

    @Override
    public String gitRevision() {
        return output(List.of("git", "-C", root.toString(), "describe", "--always", "--dirty"))
                .map(String::strip)
                .orElse("unknown");
    }

    @Override
    public int probe(String name, int port, String address, String ca) {
        try {
            var certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(ca.getBytes(StandardCharsets.US_ASCII)));
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (var certificate : certificates) {
                trust.setCertificateEntry("ca" + i++, certificate);
            }
            var managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            managers.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, managers.getTrustManagers(), null);
            try (var plain = new Socket()) {
                plain.connect(new InetSocketAddress(address, port), PROBE_TIMEOUT_MILLIS);
                plain.setSoTimeout(PROBE_TIMEOUT_MILLIS);
                try (var socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, name, port, true)) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /v2/ HTTP/1.1\r\nHost: " + name + ":" + port
                                    + "\r\nUser-Agent: wpstack\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String status = new BufferedReader(
                                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
                    String[] parts = status == null ? new String[0] : status.split(" ");
                    return parts.length > 1 && parts[1].matches("[0-9]{3}") ? Integer.parseInt(parts[1]) : 0;
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            return 0;
        }
    }
}

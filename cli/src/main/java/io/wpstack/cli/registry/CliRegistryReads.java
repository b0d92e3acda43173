package io.wpstack.cli.registry;

import io.wpstack.cli.Context;
import io.wpstack.cli.WpstackException;
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
import java.util.Arrays;
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

/** {@link RegistryReads} through the docker CLI (DOCKER_HOST applies as for the user) and /proc. */
final class CliRegistryReads implements RegistryReads {
    /** What identifies a registry task's spec: image, secrets and config (all content-named). */
    static final String SPEC_FORMAT =
            "{{.Image}}{{range .Secrets}} {{.SecretName}}{{end}}{{range .Configs}} {{.ConfigName}}{{end}}";

    private static final Pattern SS_USER = Pattern.compile("users:\\(\\(\"([^\"]*)\",pid=([0-9]*)");
    private static final int PROBE_TIMEOUT_MILLIS = 5000;

    private final Map<String, String> environment;
    private final Path root;

    CliRegistryReads(Context context) {
        this.environment = context.environment();
        this.root = context.root();
    }

    /** The result of one program run. */
    record Result(int code, String out) {
        List<String> lines() {
            return code == 0 ? out.lines().filter(line -> !line.isBlank()).toList() : List.of();
        }

        String trimmed() {
            return out.stripTrailing();
        }
    }

    Result run(List<String> argv) {
        var output = io.wpstack.cli.docker.ProgramOutput.run(argv, environment, null);
        return new Result(output.code(), output.out());
    }

    Result docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(Arrays.asList(args));
        return run(argv);
    }

    @Override
    public String swarmState() {
        Result result = docker("info", "--format", "{{.Swarm.LocalNodeState}}");
        if (result.code() != 0) {
            throw new WpstackException("cannot read the swarm state (docker info failed); is the Docker engine up?"
                    + " (./wpstack starts it)");
        }
        return result.out().strip();
    }

    @Override
    public boolean swarmManager() {
        return docker("info", "--format", "{{.Swarm.ControlAvailable}}")
                .out()
                .strip()
                .equals("true");
    }

    @Override
    public List<String> nodeAddresses() {
        List<String> nodes = docker("node", "ls", "-q").lines();
        if (nodes.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("node", "inspect", "--format", "{{.Status.Addr}}"));
        args.addAll(nodes);
        return docker(args.toArray(String[]::new)).lines();
    }

    @Override
    public boolean labelledRegistryNode() {
        return !docker("node", "ls", "-q", "--filter", "node.label=wpstack.registry=true")
                .lines()
                .isEmpty();
    }

    @Override
    public Set<String> secretNames() {
        return Set.copyOf(docker("secret", "ls", "--format", "{{.Name}}").lines());
    }

    @Override
    public List<String> labelledSecretNames(String stack) {
        return docker("secret", "ls", "--filter", "label=io.wpstack.stack=" + stack, "--format", "{{.Name}}")
                .lines();
    }

    @Override
    public List<String> configNames(String filter) {
        return docker("config", "ls", "--filter", "name=" + filter, "--format", "{{.Name}}")
                .lines();
    }

    @Override
    public boolean imageExists(String image) {
        return docker("image", "inspect", image).code() == 0;
    }

    @Override
    public Optional<String> imageId(String image) {
        Result result = docker("image", "inspect", "--format", "{{.Id}}", image);
        return result.code() == 0 ? Optional.of(result.out().strip()) : Optional.empty();
    }

    @Override
    public boolean stackDeployHasDetach() {
        return docker("stack", "deploy", "--help").out().contains("--detach");
    }

    @Override
    public boolean stackExists(String stack) {
        return !docker("stack", "services", "--quiet", stack).lines().isEmpty();
    }

    @Override
    public boolean stackLeftovers(String stack) {
        String label = "label=com.docker.stack.namespace=" + stack;
        return !docker("ps", "-aq", "--filter", label).lines().isEmpty()
                || !docker("network", "ls", "-q", "--filter", label).lines().isEmpty();
    }

    @Override
    public boolean volumeExists(String volume) {
        return docker("volume", "inspect", volume).code() == 0;
    }

    @Override
    public boolean volumeInUse(String volume) {
        return !docker("ps", "-aq", "--filter", "volume=" + volume).lines().isEmpty();
    }

    @Override
    public Optional<String> runningTaskNode(String service) {
        Result want = docker(
                "service",
                "inspect",
                "--format",
                "{{with .Spec.TaskTemplate.ContainerSpec}}" + SPEC_FORMAT + "{{end}}",
                service);
        if (want.code() != 0) {
            return Optional.empty();
        }
        for (String task : docker("service", "ps", "-q", "--filter", "desired-state=running", service)
                .lines()) {
            Result have = docker(
                    "inspect",
                    "--format",
                    "{{.Status.State}} {{.NodeID}} {{with .Spec.ContainerSpec}}" + SPEC_FORMAT + "{{end}}",
                    task);
            String state = have.trimmed();
            if (have.code() != 0 || !state.startsWith("running ")) {
                continue;
            }
            String rest = state.substring("running ".length());
            int space = rest.indexOf(' ');
            String node = space < 0 ? rest : rest.substring(0, space);
            String spec = space < 0 ? "" : rest.substring(space + 1);
            if (spec.equals(want.trimmed())) {
                Result hostname = docker("node", "inspect", "--format", "{{.Description.Hostname}}", node);
                return hostname.code() == 0 ? Optional.of(hostname.out().strip()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public String thisNodeName() {
        return localEngine() ? docker("info", "--format", "{{.Name}}").out().strip() : "";
    }

    @Override
    public Optional<String> nodeAddress(String node) {
        Result result = docker("node", "inspect", "--format", "{{.Status.Addr}}", node);
        String addr = result.out().strip();
        return result.code() == 0 && !addr.isEmpty() ? Optional.of(addr) : Optional.empty();
    }

    @Override
    public List<String> serviceTasks(String service, String format, boolean allStates) {
        List<String> args = new ArrayList<>(List.of("service", "ps"));
        if (allStates) {
            args.add("--no-trunc");
        } else {
            args.addAll(List.of("--filter", "desired-state=running"));
        }
        args.addAll(List.of("--format", format, service));
        return docker(args.toArray(String[]::new)).lines();
    }

    @Override
    public String portHolder(int port) {
        List<String> containers = docker(
                        "ps",
                        "--filter",
                        "publish=" + port,
                        "--format",
                        "{{.Names}} (service {{.Label \"com.docker.swarm.service.name\"}})")
                .lines();
        if (!containers.isEmpty()) {
            return containers.getFirst();
        }
        for (String line : run(List.of("ss", "-Hltnp", "sport = :" + port)).lines()) {
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
        return run(List.of("getent", "hosts", name)).lines().stream()
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
        Result result = run(List.of("git", "-C", root.toString(), "describe", "--always", "--dirty"));
        return result.code() == 0 ? result.out().strip() : "unknown";
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

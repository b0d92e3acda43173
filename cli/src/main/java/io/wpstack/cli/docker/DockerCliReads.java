package io.wpstack.cli.docker;

import io.wpstack.cli.WpstackException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link DockerReads} through the docker CLI (so DOCKER_HOST and DOCKER_TLS_* apply as for the user). */
public final class DockerCliReads implements DockerReads {
    private final Map<String, String> environment;

    public DockerCliReads(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The result of one docker CLI call. */
    public record Result(int code, String out, String err) {}

    Result docker(String... args) {
        return dockerWithInput(null, args);
    }

    /** docker ARGS with INPUT (when not null) on its standard input. */
    public Result dockerWithInput(String input, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("docker");
        argv.addAll(Arrays.asList(args));
        ProgramOutput output = ProgramOutput.run(argv, environment, input);
        if (output.code() == 127 && output.out().isEmpty() && output.err().startsWith("cannot run docker")) {
            throw new WpstackException(output.err() + "; is docker.io installed?");
        }
        return new Result(output.code(), output.out(), output.err());
    }

    @Override
    public String swarmState() {
        Result result = docker("info", "--format", "{{.Swarm.LocalNodeState}}");
        if (result.code() != 0) {
            throw new WpstackException("docker info failed: " + result.err().strip()
                    + "; is the Docker engine running? (./wpstack starts it)");
        }
        return result.out().strip();
    }

    @Override
    public Optional<String> swarmNodeAddr() {
        Result result = docker("info", "--format", "{{.Swarm.NodeAddr}}");
        String addr = result.out().strip();
        return result.code() == 0 && !addr.isEmpty() ? Optional.of(addr) : Optional.empty();
    }

    @Override
    public String joinToken(String role) {
        Result result = docker("swarm", "join-token", "-q", role);
        if (result.code() != 0) {
            throw new WpstackException("docker swarm join-token " + role + " failed: "
                    + result.err().strip() + "; run it on a manager (docker node ls there)");
        }
        return result.out().strip();
    }

    @Override
    public Optional<String> node(String node) {
        Result result = docker("node", "inspect", "--format", "{{.ID}}", node);
        return result.code() == 0 ? Optional.of(result.out().strip()) : Optional.empty();
    }

    @Override
    public List<NodeRow> nodes() {
        Result ids = docker("node", "ls", "-q");
        if (ids.code() != 0) {
            throw new WpstackException(
                    "docker node ls failed: " + ids.err().strip() + "; run ./wpstack on a manager of the swarm");
        }
        List<String> args = new ArrayList<>(List.of(
                "node",
                "inspect",
                "--format",
                "{{.ID}}\t{{.Description.Hostname}}\t{{.Spec.Role}}\t{{.Status.State}}\t{{.Spec.Availability}}\t"
                        + "{{if .ManagerStatus}}{{if .ManagerStatus.Leader}}leader{{else}}"
                        + "{{.ManagerStatus.Reachability}}{{end}}{{else}}-{{end}}\t{{.Status.Addr}}\t"
                        + "{{.Description.Engine.EngineVersion}}\t"
                        + "{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}} {{end}}"));
        args.addAll(ids.out().strip().lines().toList());
        Result inspect = docker(args.toArray(String[]::new));
        if (inspect.code() != 0) {
            throw new WpstackException(
                    "docker node inspect failed: " + inspect.err().strip());
        }
        return inspect.out()
                .lines()
                .filter(line -> !line.isBlank())
                .map(line -> {
                    String[] f = line.split("\t", -1);
                    List<String> labels =
                            f[8].isBlank() ? List.of() : List.of(f[8].strip().split(" "));
                    return new NodeRow(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], labels);
                })
                .toList();
    }

    @Override
    public boolean stackExists(String stack) {
        Result result = docker("stack", "services", "--quiet", stack);
        return result.code() == 0 && !result.out().isBlank();
    }

    @Override
    public Optional<String> networkId(String name) {
        Result result = docker("network", "inspect", "--format", "{{.Id}}", name);
        return result.code() == 0 ? Optional.of(result.out().strip()) : Optional.empty();
    }

    @Override
    public java.util.Set<String> stackServiceNetworks(String stack) {
        Result ids = docker("service", "ls", "--quiet", "--filter", "label=com.docker.stack.namespace=" + stack);
        List<String> services = ids.code() == 0 ? ids.out().strip().lines().toList() : List.of();
        if (services.isEmpty()) {
            return java.util.Set.of();
        }
        List<String> args = new ArrayList<>(
                List.of("service", "inspect", "--format", "{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}"));
        args.addAll(services);
        Result networks = docker(args.toArray(String[]::new));
        return java.util.Set.copyOf(List.of(networks.out().strip().split("\\s+")));
    }

    @Override
    public boolean volumeExists(String name) {
        return docker("volume", "inspect", name).code() == 0;
    }

    @Override
    public boolean secretExists(String name) {
        return docker("secret", "inspect", name).code() == 0;
    }

    @Override
    public int stackLeftovers(String stack) {
        String label = "label=com.docker.stack.namespace=" + stack;
        return docker("ps", "-aq", "--filter", label)
                        .out()
                        .lines()
                        .filter(l -> !l.isBlank())
                        .toList()
                        .size()
                + docker("network", "ls", "-q", "--filter", label)
                        .out()
                        .lines()
                        .filter(l -> !l.isBlank())
                        .toList()
                        .size();
    }

    @Override
    public Optional<String> localContainer(String service) {
        Result result = docker("ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + service);
        return result.out().lines().filter(l -> !l.isBlank()).findFirst();
    }

    @Override
    public List<String> serviceNodes(String service) {
        Result result = docker("service", "ps", "--filter", "desired-state=running", "--format", "{{.Node}}", service);
        return result.code() == 0
                ? result.out()
                        .lines()
                        .filter(l -> !l.isBlank())
                        .distinct()
                        .sorted()
                        .toList()
                : List.of();
    }

    @Override
    public Optional<String> execOutput(String container, List<String> argv) {
        List<String> args = new ArrayList<>(List.of("exec", container));
        args.addAll(argv);
        Result result = docker(args.toArray(String[]::new));
        return result.code() == 0 ? Optional.of(result.out()) : Optional.empty();
    }

    @Override
    public String selfNodeId() {
        return docker("info", "--format", "{{.Swarm.NodeID}}").out().strip();
    }

    @Override
    public String thisNodeName() {
        return docker("info", "--format", "{{.Name}}").out().strip();
    }

    @Override
    public boolean swarmManager() {
        return docker("info", "--format", "{{.Swarm.ControlAvailable}}")
                .out()
                .strip()
                .equals("true");
    }

    @Override
    public Optional<String> defaultRouteAddress() {
        return DefaultRoute.address(java.nio.file.Path.of("/proc/net/route"));
    }

    @Override
    public java.util.Set<String> secretNames() {
        Result result = docker("secret", "ls", "--format", "{{.Name}}");
        if (result.code() != 0) {
            throw new WpstackException(
                    "docker secret ls failed: " + result.err().strip());
        }
        return java.util.Set.copyOf(
                result.out().lines().filter(l -> !l.isBlank()).toList());
    }

    @Override
    public List<String> configNames(String prefix) {
        return docker("config", "ls", "--filter", "name=" + prefix, "--format", "{{.Name}}")
                .out()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .toList();
    }

    @Override
    public Optional<String> imageId(String reference) {
        Result result = docker("image", "inspect", "--format", "{{.Id}}", reference);
        return result.code() == 0 ? Optional.of(result.out().strip()) : Optional.empty();
    }

    @Override
    public Optional<List<String>> portPublisher(int port) {
        return docker(
                        "ps",
                        "--filter",
                        "publish=" + port,
                        "--format",
                        "{{.Names}}\t{{.Label \"com.docker.swarm.service.name\"}}")
                .out()
                .lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .map(line -> List.of(line.split("\t", -1)));
    }

    @Override
    public boolean stackDeployHasDetach() {
        return docker("stack", "deploy", "--help").out().contains("--detach");
    }

    @Override
    public java.util.Set<String> serviceImages() {
        return java.util.Set.copyOf(docker("service", "ls", "--format", "{{.Image}}")
                .out()
                .lines()
                .filter(l -> !l.isBlank())
                .map(image -> image.replaceFirst("@sha256:.*", ""))
                .toList());
    }

    @Override
    public List<String> imageTags(String repository) {
        return docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", repository)
                .out()
                .lines()
                .filter(l -> !l.isBlank())
                .toList();
    }
}

package io.wpstack.cli;

import io.wpstack.cli.docker.DockerReads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A swarm described by fields, for plans computed without an engine. */
public final class FakeDocker implements DockerReads {
    public String swarmState = "active";
    public String nodeAddr = "192.0.2.2";
    public final List<NodeRow> nodes = new ArrayList<>();
    public final List<String> stacks = new ArrayList<>();
    public final java.util.Map<String, String> networks = new java.util.HashMap<>();
    public final java.util.Map<String, java.util.Set<String>> serviceNetworks = new java.util.HashMap<>();
    public final java.util.Set<String> volumes = new java.util.HashSet<>();
    public final java.util.Set<String> secrets = new java.util.HashSet<>();
    /** Service name to the ID of its container on this node. */
    public final java.util.Map<String, String> localContainers = new java.util.HashMap<>();

    public final java.util.Map<String, List<String>> serviceNodes = new java.util.HashMap<>();
    /** "CONTAINER ARG ARG" to the output of docker exec. */
    public final java.util.Map<String, String> execOutputs = new java.util.HashMap<>();

    public FakeDocker withNode(String hostname, String address, String... labels) {
        nodes.add(new NodeRow(
                "id-" + hostname,
                hostname,
                "manager",
                "ready",
                "active",
                "leader",
                address,
                "20.10.24",
                List.of(labels)));
        return this;
    }

    @Override
    public String swarmState() {
        return swarmState;
    }

    @Override
    public Optional<String> swarmNodeAddr() {
        return Optional.ofNullable(nodeAddr);
    }

    @Override
    public String joinToken(String role) {
        return "SWMTKN-1-" + role;
    }

    @Override
    public Optional<String> node(String node) {
        return nodes.stream()
                .filter(n -> n.hostname().equals(node))
                .map(n -> "id-" + n.hostname())
                .findFirst();
    }

    @Override
    public List<NodeRow> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public boolean stackExists(String stack) {
        return stacks.contains(stack);
    }

    @Override
    public Optional<String> networkId(String name) {
        return Optional.ofNullable(networks.get(name));
    }

    @Override
    public java.util.Set<String> stackServiceNetworks(String stack) {
        return serviceNetworks.getOrDefault(stack, java.util.Set.of());
    }

    @Override
    public boolean volumeExists(String name) {
        return volumes.contains(name);
    }

    @Override
    public boolean secretExists(String name) {
        return secrets.contains(name);
    }

    @Override
    public int stackLeftovers(String stack) {
        return 0;
    }

    /** Services as the engine answers docker service inspect, by name. */
    public final java.util.Map<String, io.wpstack.engine.Json> serviceJson = new java.util.HashMap<>();

    /** The node of each service's running task, by service. */
    public final java.util.Map<String, String> runningTaskNodes = new java.util.HashMap<>();

    @Override
    public Optional<io.wpstack.engine.Json> serviceJson(String service) {
        return Optional.ofNullable(serviceJson.get(service));
    }

    @Override
    public Optional<String> runningTaskNode(String service) {
        return Optional.ofNullable(runningTaskNodes.get(service));
    }

    /** Backup jobs left in the swarm, by stack. */
    public final java.util.Map<String, List<String>> backupJobs = new java.util.HashMap<>();

    @Override
    public int liveTasks(String service) {
        return 0;
    }

    @Override
    public List<String> backupJobs(String stack) {
        return backupJobs.getOrDefault(stack, List.of());
    }

    @Override
    public java.util.Map<String, List<String>> runningContainerAddresses(String service) {
        return java.util.Map.of();
    }

    @Override
    public Optional<String> localContainer(String service) {
        return Optional.ofNullable(localContainers.get(service));
    }

    @Override
    public List<String> serviceNodes(String service) {
        return serviceNodes.getOrDefault(service, List.of());
    }

    @Override
    public Optional<String> execOutput(String container, List<String> argv) {
        return Optional.ofNullable(execOutputs.get(container + " " + String.join(" ", argv)));
    }

    public String selfNodeId = "id-vm";
    public final java.util.Map<Integer, List<String>> publishers = new java.util.HashMap<>();
    public final List<String> configs = new ArrayList<>();
    public final java.util.Map<String, String> configContents = new java.util.HashMap<>();

    @Override
    public String selfNodeId() {
        return selfNodeId;
    }

    @Override
    public String thisNodeName() {
        return "vm";
    }

    @Override
    public boolean swarmManager() {
        return true;
    }

    @Override
    public Optional<String> defaultRouteAddress() {
        return Optional.of("192.0.2.2");
    }

    @Override
    public java.util.Set<String> secretNames() {
        return java.util.Set.copyOf(secrets);
    }

    @Override
    public List<String> configNames(String prefix) {
        return configs.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    @Override
    public java.util.Map<String, String> configContents(String prefix) {
        java.util.Map<String, String> contents = new java.util.TreeMap<>();
        configContents.forEach((name, text) -> {
            if (name.startsWith(prefix)) {
                contents.put(name, text);
            }
        });
        return contents;
    }

    @Override
    public Optional<List<String>> portPublisher(int port) {
        return Optional.ofNullable(publishers.get(port));
    }

    @Override
    public boolean stackDeployHasDetach() {
        return true;
    }
}

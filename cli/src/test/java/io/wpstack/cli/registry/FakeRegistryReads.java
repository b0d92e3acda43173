package io.wpstack.cli.registry;

import io.wpstack.cli.docker.TaskRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link RegistryReads} whose answers a test sets. */
final class FakeRegistryReads implements RegistryReads {
    String swarmState = "active";
    boolean manager = true;
    List<String> nodeAddresses = new ArrayList<>(List.of("10.0.0.5"));
    boolean labelledNode;
    Set<String> secrets = new HashSet<>();
    List<String> labelledSecrets = new ArrayList<>();
    List<String> configs = new ArrayList<>();
    Set<String> images = new HashSet<>();
    Map<String, String> imageIds = new HashMap<>();
    boolean detach = true;
    boolean stackExists = true;
    boolean leftovers;
    boolean volumeExists = true;
    boolean volumeInUse;
    String taskNode = "node-1";
    String thisNode = "node-1";
    Map<String, String> nodeAddressByName = new HashMap<>(Map.of("node-1", "10.0.0.5", "node-2", "10.0.0.6"));
    List<TaskRow> tasks = new ArrayList<>();
    String portHolder = "an unknown process";
    boolean localEngine = true;
    List<String> hostAddresses = new ArrayList<>(List.of("10.0.0.5"));
    String defaultRoute = "10.0.0.5";
    Map<String, String> resolved = new HashMap<>();
    Set<Integer> listening = new HashSet<>();
    boolean root = true;
    int probe = 200;
    int probes;

    @Override
    public String swarmState() {
        return swarmState;
    }

    @Override
    public boolean swarmManager() {
        return manager;
    }

    @Override
    public List<String> nodeAddresses() {
        return nodeAddresses;
    }

    @Override
    public boolean labelledRegistryNode() {
        return labelledNode;
    }

    @Override
    public Set<String> secretNames() {
        return secrets;
    }

    @Override
    public List<String> labelledSecretNames(String stack) {
        return labelledSecrets;
    }

    @Override
    public List<String> configNames(String filter) {
        return configs;
    }

    @Override
    public boolean imageExists(String image) {
        return images.contains(image);
    }

    @Override
    public Optional<String> imageId(String image) {
        return Optional.ofNullable(imageIds.get(image));
    }

    @Override
    public boolean stackDeployHasDetach() {
        return detach;
    }

    @Override
    public boolean stackExists(String stack) {
        return stackExists;
    }

    @Override
    public boolean stackLeftovers(String stack) {
        return leftovers;
    }

    @Override
    public boolean volumeExists(String volume) {
        return volumeExists;
    }

    @Override
    public boolean volumeInUse(String volume) {
        return volumeInUse;
    }

    @Override
    public Optional<String> runningTaskNode(String service) {
        return Optional.ofNullable(taskNode);
    }

    @Override
    public String thisNodeName() {
        return thisNode;
    }

    @Override
    public Optional<String> nodeAddress(String node) {
        return Optional.ofNullable(nodeAddressByName.get(node));
    }

    @Override
    public List<TaskRow> serviceTasks(String service, boolean allStates) {
        return tasks;
    }

    @Override
    public String portHolder(int port) {
        return portHolder;
    }

    @Override
    public boolean localEngine() {
        return localEngine;
    }

    @Override
    public List<String> hostAddresses() {
        return hostAddresses;
    }

    @Override
    public Optional<String> defaultRouteAddress() {
        return Optional.ofNullable(defaultRoute);
    }

    @Override
    public Optional<String> resolve(String name) {
        return Optional.ofNullable(resolved.get(name));
    }

    @Override
    public boolean portListening(int port) {
        return listening.contains(port);
    }

    @Override
    public boolean root() {
        return root;
    }

    @Override
    public String hostname() {
        return "vm";
    }

    @Override
    public String gitRevision() {
        return "abc123";
    }

    @Override
    public int probe(String name, int port, String address, String ca) {
        probes++;
        return probe;
    }
}

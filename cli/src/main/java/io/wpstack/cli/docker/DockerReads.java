package io.wpstack.cli.docker;

import java.util.List;
import java.util.Optional;

/** What commands read from the Docker engine while they plan. Unit tests pass a fake. */
public interface DockerReads extends SwarmFacts {

    /** This manager's swarm address (what joining nodes dial), if the swarm has one. */
    Optional<String> swarmNodeAddr();

    /** {@code docker swarm join-token -q ROLE}. */
    String joinToken(String role);

    /** The node's ID if NODE (an ID or hostname) is in the swarm. */
    Optional<String> node(String node);

    /** Every node of the swarm, for `node ls`. */
    List<NodeRow> nodes();

    /** The stack has at least one service. */
    boolean stackExists(String stack);

    /** The ID of the network NAME, if it exists. */
    Optional<String> networkId(String name);

    /** The IDs of the networks the services of STACK are attached to. */
    java.util.Set<String> stackServiceNetworks(String stack);

    boolean volumeExists(String name);

    boolean secretExists(String name);

    /** STACK's containers and networks that still exist (docker stack rm leaves them for a while). */
    int stackLeftovers(String stack);

    /** docker service inspect SERVICE as the engine answers it (Spec, Version, ...); empty: not deployed. */
    Optional<io.wpstack.engine.Json> serviceJson(String service);

    /** The node of a task of SERVICE that should be running and is placed; empty: none. */
    Optional<String> runningTaskNode(String service);

    /** The tasks of SERVICE that have not ended yet (a service scaled to 0 has none once its containers stopped). */
    int liveTasks(String service);

    /** The one-off backup and restore jobs of STACK still in the swarm (label io.wpstack.backup-job). */
    List<String> backupJobs(String stack);

    /** A running container of SERVICE (STACK_NAME) on this node, if any. */
    Optional<String> localContainer(String service);

    /** The running containers of SERVICE on this engine, by ID, each with its IP addresses. */
    java.util.Map<String, List<String>> runningContainerAddresses(String service);

    /** The nodes where SERVICE's tasks should be running, sorted. */
    List<String> serviceNodes(String service);

    /** The standard output of {@code docker exec CONTAINER ARGV}, if it exits 0. */
    Optional<String> execOutput(String container, List<String> argv);

    /** This engine's swarm node ID ("" outside a swarm) and its host name. */
    String selfNodeId();

    String thisNodeName();

    /** The names of every Docker secret. */
    java.util.Set<String> secretNames();

    /** The names of the Swarm configs whose names start with PREFIX. */
    List<String> configNames(String prefix);

    /** The configs whose name starts with PREFIX: name to content (as text), sorted by name. */
    java.util.Map<String, String> configContents(String prefix);

    /** The container publishing PORT and its service ("" for a plain container), if any. */
    Optional<List<String>> portPublisher(int port);

    /** This docker CLI's stack deploy has --detach (clients >= 25 wait unless told --detach=true). */
    boolean stackDeployHasDetach();

    /** One line of `./wpstack node ls`. */
    record NodeRow(
            String id,
            String hostname,
            String role,
            String state,
            String availability,
            String manager,
            String address,
            String engine,
            List<String> labels) {
        public NodeRow {
            labels = List.copyOf(labels);
        }
    }
}

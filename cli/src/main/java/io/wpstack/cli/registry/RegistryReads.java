package io.wpstack.cli.registry;

import io.wpstack.cli.docker.TaskRow;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the registry commands read while they plan: the engine's state (through its API) and
 * this machine's (addresses, name resolution, ports). Unit tests pass a fake.
 */
interface RegistryReads extends io.wpstack.cli.docker.SwarmFacts {

    // --- the engine ---

    /** The swarm's state on this engine (docker info): inactive, pending, active, locked, error. */
    String swarmState();

    /** This engine is a swarm manager (docker info's Swarm.ControlAvailable). */
    boolean swarmManager();

    /** Every swarm node's address (Status.Addr); empty outside a swarm. */
    List<String> nodeAddresses();

    /** Some node carries the label wpstack.registry=true. */
    boolean labelledRegistryNode();

    /** The names of every Docker secret. */
    Set<String> secretNames();

    /** The names of the secrets labelled io.wpstack.stack=STACK. */
    List<String> labelledSecretNames(String stack);

    /** The names of the configs whose name contains FILTER (docker config ls --filter name=). */
    List<String> configNames(String filter);

    boolean imageExists(String image);

    /** The image's ID (sha256:...), if it exists. */
    Optional<String> imageId(String image);

    /** The client's `stack deploy` has --detach (CLI >= 23; Debian 12's 20.10 always detaches). */
    boolean stackDeployHasDetach();

    boolean stackExists(String stack);

    /** Containers or networks of the stack still exist (after docker stack rm). */
    boolean stackLeftovers(String stack);

    boolean volumeExists(String volume);

    /** Some container (running or not) mounts the volume. */
    boolean volumeInUse(String volume);

    /**
     * The hostname of the node that runs SERVICE's task with the service's current spec (image,
     * secrets, configs), if one is running.
     */
    Optional<String> runningTaskNode(String service);

    /** The engine's node name when the engine runs on this machine; empty for a remote DOCKER_HOST. */
    String thisNodeName();

    /** The node's swarm address (Status.Addr). */
    Optional<String> nodeAddress(String node);

    /**
     * The lines of {@code docker service ps --filter desired-state=running SERVICE}, or with ALL_STATES those of
     * {@code docker service ps --no-trunc SERVICE} (every task kept, errors whole).
     */
    List<TaskRow> serviceTasks(String service, boolean allStates);

    /** Who listens on the TCP port: "NAME (service SERVICE)" for a container, else a process. */
    String portHolder(int port);

    /** DOCKER_HOST is unset or a unix socket: the engine's ports are this machine's. */
    boolean localEngine();

    // --- this machine ---

    /** This machine's global IPv4 addresses, without Docker's bridges (docker*, br-*, veth*). */
    List<String> hostAddresses();

    /** The IPv4 address of the default route's interface. */
    Optional<String> defaultRouteAddress();

    /** The first address NAME resolves to (getent hosts). */
    Optional<String> resolve(String name);

    /** Something listens on the TCP port on this machine (/proc/net/tcp, tcp6). */
    boolean portListening(int port);

    /** The process runs as root. */
    boolean root();

    /** This machine's host name. */
    String hostname();

    /** {@code git describe --always --dirty} of the repository, or "unknown". */
    String gitRevision();

    /**
     * The HTTP status of GET https://NAME:PORT/v2/ through TLS trusting CA (PEM), reached at
     * ADDRESS (curl --resolve); 0 when nothing answers.
     */
    int probe(String name, int port, String address, String ca);
}

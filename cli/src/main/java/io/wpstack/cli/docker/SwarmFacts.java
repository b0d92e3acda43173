package io.wpstack.cli.docker;

import java.util.Optional;

/** What deciding whether to create a swarm needs (commands/Swarm.ensure): up, registry up and test share it. */
public interface SwarmFacts {
    /** The swarm's state on this engine: inactive, pending, active, locked or error. */
    String swarmState();

    /** This engine may manage the swarm (it is a manager). */
    boolean swarmManager();

    /** The IPv4 address of the default route's interface, if any. */
    Optional<String> defaultRouteAddress();
}

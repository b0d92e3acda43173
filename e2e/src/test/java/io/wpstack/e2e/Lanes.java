package io.wpstack.e2e;

/**
 * What the suites share, as JUnit resource locks (src/test/resources/junit-platform.properties runs the
 * classes concurrently; each class holds the locks of what it uses, and its methods run in order in one
 * thread). The result: ClusterIT, whose swarm is on Docker-in-Docker nodes with ports of its own, runs beside
 * one of the suites that can share the machine's two cores, and never beside a suite that measures time.
 */
final class Lanes {
    /**
     * This host's swarm: the suites that deploy on it (each under a stack name and ports of its own), one
     * at a time, as they ran before the locks.
     */
    static final String HOST_SWARM = "wpstack.host-swarm";

    /**
     * The machine's CPU, quiet: held by the suites whose assertions are figures under load (failure windows,
     * a frozen replica's delay, alerts' timing) and by ClusterIT, which loads the machine the most.
     */
    static final String QUIET_CPU = "wpstack.quiet-cpu";

    private Lanes() {}
}

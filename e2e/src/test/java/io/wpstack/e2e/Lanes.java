package io.wpstack.e2e;

/**
 * What the suites share, as JUnit resource locks (src/test/resources/junit-platform.properties runs the
 * classes concurrently, in the order of their {@code @Order}; each class holds the locks of what it uses,
 * and its methods run in order in one thread). The schedule this gives, measured with sleeping stand-ins of
 * the suites' CI times (7.7 minutes less than one host-swarm suite at a time):
 * <ol>
 *   <li>BackupIT, the longest, starts first; beside it, one after the other, the suites that may share the
 *       machine with it: ClusterIT (its own swarm on Docker-in-Docker nodes), ProductionSiteIT and TakeoverIT
 *       (stacks of their own on the host swarm, with the images as built);
 *   <li>then, one at a time, the suites that need the host swarm alone: WordPressStackIT (it removes an
 *       image), MonitoringStackIT (it tags every image) and ReleaseIT (it builds new versions), all three
 *       measuring time under load.
 * </ol>
 */
final class Lanes {
    /**
     * This host's swarm: the suites that deploy on it, each under a stack name and ports of its own. Read
     * mode for those that only deploy their stack with the images as built (they may run together), read-write
     * for those that change images or tags, or time the swarm (alone).
     */
    static final String HOST_SWARM = "wpstack.host-swarm";

    /**
     * The second lane beside BackupIT: held by the suites that run beside it one after the other, so that
     * never more than two suites load the machine's two cores at once.
     */
    static final String BESIDE_BACKUP = "wpstack.beside-backup";

    /**
     * The machine's CPU, quiet: held by the suites whose assertions are figures under load (failure windows,
     * a frozen replica's delay, alerts' timing) and by ClusterIT, which loads the machine the most.
     */
    static final String QUIET_CPU = "wpstack.quiet-cpu";

    private Lanes() {}
}

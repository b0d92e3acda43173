package io.wpstack.e2e;

/**
 * How the suites share the machine, as JUnit resource locks (src/test/resources/junit-platform.properties
 * runs the classes concurrently; each class holds the locks of its lanes, and its methods run in order in
 * one thread). Two lanes, so never more than two suites load the machine's two cores at once:
 * <ul>
 *   <li>{@link #ONE}: BackupIT, the longest (24 of CI's minutes), a stack of its own on the host swarm;
 *   <li>{@link #TWO}: beside it, one after the other, ClusterIT (its own swarm on Docker-in-Docker nodes),
 *       ProductionSiteIT and TakeoverIT (stacks of their own on the host swarm, with the images as built);
 *   <li>both: the suites that need the machine alone: WordPressStackIT (it removes an image),
 *       MonitoringStackIT (it tags every image) and ReleaseIT (it builds new versions), all three timing
 *       things under load.
 * </ul>
 * Exclusive locks only: with a read-write lock for the host swarm, a suite queued for writing blocked every
 * new reader (ReentrantReadWriteLock prefers a waiting writer), and the second lane stood idle. With sleeping
 * stand-ins of the suites' CI times this schedule takes 30.0 units against 34.8 for one host-swarm suite at a
 * time, in the declared order or alphabetically.
 */
final class Lanes {
    /** The first lane: BackupIT, and the suites that need the machine alone. */
    static final String ONE = "wpstack.lane-one";

    /** The second lane: the suites that run beside BackupIT, and those that need the machine alone. */
    static final String TWO = "wpstack.lane-two";

    private Lanes() {}
}

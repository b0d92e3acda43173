package io.wpstack.cli.docker;

import java.time.Duration;
import java.util.List;

/** The convergence of a stack's services, as the exporter computes it (desired vs really running). */
public interface SwarmStatus {

    /**
     * Waits until every service of STACK runs its desired replicas, at most {@code timeout}, writing
     * the table to {@code progress} each time it changes.
     *
     * @return true when converged
     */
    boolean awaitConverged(String stack, Duration timeout, Duration interval, java.io.PrintStream progress);

    /** The newest task error of each slot of STACK, as "task error: NAME (STATE): ERROR" lines. */
    List<String> taskErrors(String stack);

    /**
     * The newest error of each slot of STACK, even when a newer task of the slot has none (a failed
     * update's task, after Swarm rolled it back), as {@link #taskErrors} lines.
     */
    default List<String> recentTaskErrors(String stack) {
        return taskErrors(stack);
    }
}

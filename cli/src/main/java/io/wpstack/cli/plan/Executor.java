package io.wpstack.cli.plan;

/** Carries out a plan's steps in order; stops at the first that fails, with a {@link PlanFailure}. */
public interface Executor {
    /**
     * Runs every step.
     *
     * @return the exit code of the last {@link Step.Run} without a failure message (0 otherwise)
     */
    int execute(Plan plan);
}

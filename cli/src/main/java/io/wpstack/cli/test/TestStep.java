package io.wpstack.cli.test;

import io.wpstack.cli.plan.Plan;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One step of {@code ./wpstack test}, as data: its name (what the summary shows), the steps that must
 * have passed before it runs, and its parts (listed only when it runs: how many may depend on what
 * the engine can do). Each part computes its plan only when the step runs (so
 * it may read what an earlier step left, e.g. the base image's name); a part that throws a {@link
 * io.wpstack.cli.WpstackException} fails the step, as a plan that fails does.
 */
public record TestStep(String name, List<String> prerequisites, Supplier<List<Part>> parts) {
    /** Computes a plan when the step runs. */
    @FunctionalInterface
    public interface Part {
        Plan plan();
    }

    public TestStep {
        Objects.requireNonNull(name);
        prerequisites = List.copyOf(prerequisites);
        Objects.requireNonNull(parts);
    }

    /** A step of fixed parts. */
    public static TestStep of(String name, List<String> prerequisites, Part... parts) {
        List<Part> fixed = List.of(parts);
        return new TestStep(name, prerequisites, () -> fixed);
    }
}

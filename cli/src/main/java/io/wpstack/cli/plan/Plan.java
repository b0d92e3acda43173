package io.wpstack.cli.plan;

import java.util.ArrayList;
import java.util.List;

/** What a command will do, in order: computed without side effects, carried out by an {@link Executor}. */
public record Plan(List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }

    public static Plan of(Step... steps) {
        return new Plan(List.of(steps));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The programs the plan runs (Run and Logged steps, and the create of each Job), one argv each, in order (what most tests compare). */
    public List<List<String>> commands() {
        return steps.stream()
                .<List<String>>mapMulti((step, argv) -> {
                    switch (step) {
                        case Step.Run run -> argv.accept(run.argv());
                        case Step.Logged logged -> argv.accept(logged.argv());
                        case Step.Job job -> argv.accept(job.create());
                        default -> {}
                    }
                })
                .toList();
    }

    /** Collects steps in order. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();

        public Builder add(Step step) {
            steps.add(step);
            return this;
        }

        public Builder addAll(Plan plan) {
            steps.addAll(plan.steps());
            return this;
        }

        public Builder info(String message) {
            return add(new Step.Info(message));
        }

        public Builder warn(String message) {
            return add(new Step.Warn(message));
        }

        public Builder print(String text) {
            return add(new Step.Print(text));
        }

        public Plan build() {
            return new Plan(steps);
        }
    }
}

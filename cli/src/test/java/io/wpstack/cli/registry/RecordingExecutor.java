package io.wpstack.cli.registry;

import io.wpstack.cli.plan.Executor;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.util.ArrayList;
import java.util.List;

/** Keeps the plans it is given, carries out none. */
final class RecordingExecutor implements Executor {
    final List<Plan> plans = new ArrayList<>();

    @Override
    public int execute(Plan plan) {
        plans.add(plan);
        return 0;
    }

    List<Step> steps() {
        return plans.stream().flatMap(plan -> plan.steps().stream()).toList();
    }

    List<String> messages() {
        return steps().stream()
                .filter(step -> step instanceof Step.Info || step instanceof Step.Warn)
                .map(Step::description)
                .toList();
    }
}

package io.wpstack.cli;

import io.wpstack.cli.plan.Executor;
import io.wpstack.cli.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/** Keeps the plans it is given instead of carrying them out. */
public final class RecordingExecutor implements Executor {
    public final List<Plan> plans = new ArrayList<>();

    @Override
    public int execute(Plan plan) {
        plans.add(plan);
        return 0;
    }
}

package io.wpstack.cli.test;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Executor;
import io.wpstack.cli.plan.Plan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs test steps in order (bash: run_step): a step whose prerequisite did not pass is skipped, with
 * a warning; a step's failure (a plan that fails or exits non-zero, or a part that throws) fails that
 * step only, and the run goes on.
 */
public final class StepRunner {
    private final Executor executor;
    private final PrintStream err;
    private final LongSupplier seconds;

    /**
     * @param seconds a clock in seconds (tests pass a fixed one)
     */
    public StepRunner(Executor executor, PrintStream err, LongSupplier seconds) {
        this.executor = executor;
        this.err = err;
        this.seconds = seconds;
    }

    public List<StepResult> run(List<TestStep> steps) {
        List<StepResult> results = new ArrayList<>();
        Map<String, StepResult> byName = new HashMap<>();
        for (TestStep step : steps) {
            StepResult result = run(step, byName);
            results.add(result);
            byName.put(step.name(), result);
        }
        return List.copyOf(results);
    }

    private StepResult run(TestStep step, Map<String, StepResult> earlier) {
        for (String prerequisite : step.prerequisites()) {
            StepResult before = earlier.get(prerequisite);
            if (before == null || !before.passed()) {
                err.println(
                        "wpstack: warning: skipping \"" + step.name() + "\": \"" + prerequisite + "\" did not pass");
                return StepResult.skipped(step.name(), prerequisite);
            }
        }
        err.println();
        err.println("==> [" + step.name() + "]");
        long start = seconds.getAsLong();
        int code = 0;
        try {
            for (TestStep.Part part : step.parts().get()) {
                code = runPart(part);
                if (code != 0) {
                    break;
                }
            }
        } catch (WpstackException e) {
            err.println("wpstack: error: " + e.getMessage());
            code = 1;
        }
        long took = seconds.getAsLong() - start;
        return code == 0 ? StepResult.passed(step.name(), took) : StepResult.failed(step.name(), code, took);
    }

    /** The part's exit code: its plan's, or 1 when the plan (or computing it) failed with a message. */
    private int runPart(TestStep.Part part) {
        try {
            Plan plan = part.plan();
            return executor.execute(plan);
        } catch (StaticCheckException e) {
            executor.execute(e.findings());
            err.println("wpstack: error: " + e.getMessage());
            return 1;
        } catch (WpstackException e) {
            err.println("wpstack: error: " + e.getMessage());
            return 1;
        }
    }
}

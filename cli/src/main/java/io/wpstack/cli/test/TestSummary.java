package io.wpstack.cli.test;

import java.nio.file.Path;
import java.util.List;

/**
 * The end of {@code ./wpstack test} (bash: print_test_summary): one line per step with its status and
 * time, then the Java suites' counts per module (passed, failed, skipped: a skip is not a pass) and
 * each skipped or failed test case, and whether every step passed.
 *
 * @param cases the cases of the Surefire/Failsafe reports (empty when the Java suites did not run)
 */
public record TestSummary(List<StepResult> steps, List<TestReports.TestCase> cases, long seconds, Path logDir) {
    public TestSummary {
        steps = List.copyOf(steps);
        cases = List.copyOf(cases);
    }

    /** 1 when any step failed or was skipped, else 0. */
    public int exitCode() {
        return notPassed() > 0 ? 1 : 0;
    }

    private long notPassed() {
        return steps.stream().filter(step -> !step.passed()).count();
    }

    /** The summary's text (for stderr). */
    public String text() {
        var text = new StringBuilder();
        text.append(String.format("%n==> test summary (%ss)%n", seconds));
        for (StepResult step : steps) {
            text.append(String.format("  %-20s %-28s %5ss%n", step.name(), step.label(), step.seconds()));
        }
        if (!cases.isEmpty()) {
            text.append(String.format("%n==> Java suites (Surefire/Failsafe reports)%n"));
            for (TestReports.ModuleCounts module : TestReports.counts(cases)) {
                text.append(String.format(
                        "  %-20s %d passed, %d failed, %d skipped%n",
                        module.module(), module.passed(), module.failed(), module.skipped()));
            }
            for (TestReports.TestCase testCase : cases) {
                if (testCase.outcome() != TestReports.Outcome.PASSED) {
                    text.append(String.format(
                            "  %-8s %s %s.%s: %s%n",
                            testCase.outcome(),
                            testCase.module(),
                            testCase.className(),
                            testCase.name(),
                            testCase.message().isEmpty() ? "(no reason given)" : testCase.message()));
                }
            }
        }
        long failed = notPassed();
        if (failed > 0) {
            text.append(String.format(
                    "wpstack test: %d of %d steps did not pass; the logs are in %s%n", failed, steps.size(), logDir));
        } else {
            text.append(String.format("wpstack test: all %d steps passed%n", steps.size()));
        }
        return text.toString();
    }
}

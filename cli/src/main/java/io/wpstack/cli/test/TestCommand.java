package io.wpstack.cli.test;

import io.wpstack.cli.App;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wpstack test [--java-in-container]}: every test of the repository in one command. The
 * steps ({@link TestSteps}) run in order; a step whose prerequisite did not pass is skipped. A summary
 * ends the run, with the Java suites' passed, failed and skipped tests per module (from the
 * Surefire/Failsafe reports) and each skipped test with its reason; the exit status is 1 when any
 * step failed or was skipped.
 */
@Command(name = "test", header = "run every test (static checks, image builds, Java unit + integration tests)")
public final class TestCommand implements Callable<Integer> {
    private final App app;
    private final TestDocker docker;
    private final HostFacts host;
    private final LongSupplier seconds;

    @Option(names = "--java-in-container", description = "run the Maven suites in wpstack/jdk:25")
    boolean javaInContainer;

    public TestCommand(App app) {
        this(
                app,
                new EngineTestDocker(app.context().environment()),
                new ProcessHostFacts(app.context().environment()),
                () -> System.nanoTime() / 1_000_000_000L);
    }

    TestCommand(App app, TestDocker docker, HostFacts host, LongSupplier seconds) {
        this.app = app;
        this.docker = docker;
        this.host = host;
        this.seconds = seconds;
    }

    TestSteps steps() {
        var context = app.context();
        return new TestSteps(
                context.root(),
                context.environment(),
                javaInContainer,
                docker,
                host,
                ProcessHandle.current().pid());
    }

    @Override
    public Integer call() {
        var context = app.context();
        long start = seconds.getAsLong();
        Instant started = Instant.now().minusSeconds(1);
        List<StepResult> results = new StepRunner(app.executor(), context.err(), seconds).run(steps().steps());
        var summary = summary(context.root(), results, started, seconds.getAsLong() - start);
        context.err().print(summary.text());
        context.err().flush();
        return summary.exitCode();
    }

    /** The summary; the reports are read only when the Java suites ran, and only those of this run. */
    static TestSummary summary(Path root, List<StepResult> results, Instant started, long seconds) {
        boolean suitesRan = results.stream()
                .anyMatch(r -> r.name().equals(TestSteps.JAVA_SUITES) && r.status() != StepResult.Status.SKIP);
        var cases = suitesRan ? TestReports.read(root, started) : List.<TestReports.TestCase>of();
        return new TestSummary(results, cases, seconds, Logged.logDir(root));
    }
}

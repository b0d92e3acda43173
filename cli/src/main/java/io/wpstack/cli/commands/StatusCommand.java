package io.wpstack.cli.commands;

import io.wpstack.cli.App;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.docker.SwarmStatus;
import io.wpstack.cli.plan.Plan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./wpstack status}: the stack's services with desired and really running replicas, and task errors. */
@Command(name = "status", header = "the stack's services and replicas, with task errors")
public final class StatusCommand implements Callable<Integer> {
    private final App app;

    public StatusCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        return app.executor().execute(plan(app.context().stack(), app.docker(), app.swarm()));
    }

    static Plan plan(String stack, DockerReads docker, SwarmStatus swarm) {
        if (!docker.stackExists(stack)) {
            throw new WpstackException("stack " + stack + " is not deployed; run ./wpstack up");
        }
        var table = new ByteArrayOutputStream();
        // One look, no waiting: "not converged" is what status reports, not a failure.
        swarm.awaitConverged(
                stack,
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                new PrintStream(table, true, StandardCharsets.UTF_8));
        var plan = Plan.builder().print(table.toString(StandardCharsets.UTF_8));
        for (String error : swarm.taskErrors(stack)) {
            plan.print(error + "\n");
        }
        return plan.build();
    }
}

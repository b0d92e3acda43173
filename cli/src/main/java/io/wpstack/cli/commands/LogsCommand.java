package io.wpstack.cli.commands;

import io.wpstack.cli.App;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.model.Stacks;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./wpstack logs SERVICE [--follow] [--tail N]}: a service of the wpstack stack. */
@Command(
        name = "logs",
        header = "logs of a service of the stack (wordpress, mariadb, cron, adminer, backup, caddy)",
        customSynopsis = "./wpstack logs SERVICE [--follow] [--tail N]")
public final class LogsCommand implements Callable<Integer> {
    private final App app;

    @Parameters(arity = "0..1", paramLabel = "SERVICE")
    String service;

    @Option(
            names = {"-f", "--follow"},
            description = "keep printing new lines")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", description = "only the last N lines of each task")
    Integer tail;

    public LogsCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        return app.executor()
                .execute(plan(
                        app.context().stack(),
                        Stacks.wordpress(app.context().root()).serviceNames(),
                        service,
                        follow,
                        tail));
    }

    static Plan plan(String stack, List<String> services, String service, boolean follow, Integer tail) {
        if (service == null) {
            throw new UsageException("logs", "name a service: " + String.join(" ", services));
        }
        if (!services.contains(service)) {
            throw new UsageException(
                    "logs", "unknown service \"" + service + "\"; one of: " + String.join(" ", services));
        }
        if (tail != null && tail < 0) {
            throw new UsageException("logs", "--tail needs a number >= 0, got " + tail);
        }
        List<String> argv = new ArrayList<>(List.of("docker", "service", "logs"));
        if (follow) {
            argv.add("--follow");
        }
        if (tail != null) {
            argv.addAll(List.of("--tail", tail.toString()));
        }
        argv.add(stack + "_" + service);
        return Plan.of(new Step.Run("", argv, java.util.Map.of(), Step.Output.SHOWN, null));
    }
}

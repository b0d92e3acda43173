package io.wpstack.cli.release;

import io.wpstack.cli.App;
import io.wpstack.cli.plan.Plan;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./wpstack history}: what was deployed when, by whom, as the swarm keeps it ({@link History}). */
@Command(
        name = "history",
        header = "the deploys and rollbacks of the stack: when, who, version, images (kept on the swarm)")
public final class HistoryCommand implements Callable<Integer> {
    private final App app;

    public HistoryCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        String stack = app.context().stack();
        List<History.Entry> entries = app.docker().configContents(History.prefix(stack)).entrySet().stream()
                .map(entry -> new History.Entry(entry.getKey(), DeployRecord.parse(entry.getValue())))
                .toList();
        return app.executor()
                .execute(Plan.builder().print(History.table(stack, entries)).build());
    }
}

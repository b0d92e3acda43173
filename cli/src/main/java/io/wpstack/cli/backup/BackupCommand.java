package io.wpstack.cli.backup;

import io.wpstack.cli.App;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.engine.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code ./wpstack backup [list|check]}: a snapshot now, the snapshots, or a check of the repository. */
@Command(
        name = "backup",
        header = "back up the database and wp-content now (list: the snapshots; check: the repository)",
        customSynopsis = "./wpstack backup [list|check]")
public final class BackupCommand implements Callable<Integer> {
    private final App app;

    @Unmatched
    private List<String> arguments = new ArrayList<>();

    public BackupCommand(App app) {
        this.app = app;
    }

    /** Registers the subcommands (they share this command's {@link App}). */
    public CommandLine withSubcommands() {
        return new CommandLine(this).addSubcommand(new ListSnapshots(app)).addSubcommand(new Check(app));
    }

    @Override
    public Integer call() {
        if (!arguments.isEmpty()) {
            throw new UsageException(
                    "backup",
                    "unknown argument \"" + arguments.getFirst() + "\"; use backup, backup list or backup check");
        }
        String stack = app.context().stack();
        return app.executor().execute(BackupPlans.backup(stack, backupService(app, stack), Instant.now()));
    }

    /** The deployed backup service of STACK; none is an error pointing at up. */
    static Json backupService(App app, String stack) {
        return service(app, BackupJob.service(stack));
    }

    static Json service(App app, String name) {
        return app.docker()
                .serviceJson(name)
                .orElseThrow(() -> new WpstackException("the service " + name + " is not deployed; run ./wpstack up"
                        + " (backups need the stack's backup service)"));
    }

    @Command(name = "list", header = "the snapshots: id, time, size, tags (kind, WordPress version, environment)")
    static final class ListSnapshots implements Callable<Integer> {
        private final App app;

        ListSnapshots(App app) {
            this.app = app;
        }

        @Override
        public Integer call() {
            String stack = app.context().stack();
            return app.executor().execute(BackupPlans.list(stack, backupService(app, stack), Instant.now()));
        }
    }

    @Command(name = "check", header = "check the backup repository (restic check)")
    static final class Check implements Callable<Integer> {
        private final App app;

        Check(App app) {
            this.app = app;
        }

        @Override
        public Integer call() {
            String stack = app.context().stack();
            return app.executor().execute(BackupPlans.check(stack, backupService(app, stack), Instant.now()));
        }
    }
}

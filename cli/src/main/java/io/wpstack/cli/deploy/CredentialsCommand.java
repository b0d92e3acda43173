package io.wpstack.cli.deploy;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** ./wpstack credentials: the stack's credentials file as name=value lines, on stdout (bash: cmd_credentials). */
@Command(name = "credentials", description = "print the stack's secrets and WordPress admin as name=value lines")
public final class CredentialsCommand implements Callable<Integer> {
    private final App app;

    /** Whatever follows the command: it takes none (a usage error names them). */
    @Unmatched
    private List<String> arguments = new ArrayList<>();

    public CredentialsCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        return app.executor().execute(plan(app.context(), arguments));
    }

    /** Said under the lines when they hold the backup repository's password. */
    public static final String BACKUP_PASSWORD_WARNING = "backup_repo_pass is the password of the backup repository:"
            + " without it the backups cannot be read, by anyone. Keep a copy of these lines away from this"
            + " machine (a password manager), never inside the backups.";

    /** The lines to print, read from the stack's credentials file; no file is an error pointing at up. */
    public static Plan plan(Context context, List<String> arguments) {
        if (!arguments.isEmpty()) {
            throw new UsageException("credentials", "takes no arguments, got \"" + String.join(" ", arguments) + "\"");
        }
        context.stack();
        Path file = context.credentialsFile();
        if (!Files.exists(file)) {
            throw new CredentialsFileException("no credentials file at " + file + "; ./wpstack up creates it");
        }
        String text = Credentials.read(file).format();
        if (text.isEmpty()) {
            return Plan.of();
        }
        var plan = Plan.builder().print(text);
        if (text.contains("backup_repo_pass=")) {
            plan.add(new io.wpstack.cli.plan.Step.Warn(BACKUP_PASSWORD_WARNING));
        }
        return plan.build();
    }
}

package io.wpstack.cli.backup;

import io.wpstack.cli.App;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.deploy.Credentials;
import io.wpstack.engine.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./wpstack restore SNAPSHOT|latest [--to TIME] [--yes]}: the database and wp-content of a snapshot,
 * with --to the binary log replayed after it up to TIME.
 */
@Command(
        name = "restore",
        header = "restore the database and wp-content from a snapshot (a safety snapshot first); --to TIME: to a"
                + " point in time",
        customSynopsis = "./wpstack restore SNAPSHOT|latest [--to TIME] [--from REPOSITORY [--password-file FILE]"
                + " [--credentials-file FILE]] [--yes]")
public final class RestoreCommand implements Callable<Integer> {
    private final App app;

    @Parameters(arity = "0..1", paramLabel = "SNAPSHOT")
    String snapshot;

    @Option(names = "--yes", description = "do not ask for confirmation")
    boolean yes;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            description = "replay the binary log after the snapshot up to TIME (YYYY-MM-DD HH:MM[:SS] in this machine's"
                    + " time zone, or with an offset)")
    String to;

    @Option(
            names = "--from",
            paramLabel = "REPOSITORY",
            description = "restore from this restic repository instead of the stack's (disaster recovery onto a new"
                    + " machine: rest:https://HOST:PORT/PATH, sftp:, s3:, rclone:...); its password is asked for, or"
                    + " read from --password-file")
    String from;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "with --from: the file holding the repository's password (backup_repo_pass of the lost"
                    + " machine's credentials file)")
    Path passwordFile;

    @Option(
            names = "--credentials-file",
            paramLabel = "FILE",
            description = "with --from: what the repository needs besides its password (S3 keys, a REST server's user"
                    + " and password), NAME=VALUE lines as BACKUP_REPOSITORY_CREDENTIALS (full path)")
    Path credentialsFile;

    public RestoreCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        String stack = app.context().stack();
        Optional<PointInTime> until =
                Optional.ofNullable(to).map(time -> PointInTime.parse(time, ZoneId.systemDefault(), Instant.now()));
        String start = BackupPlans.snapshot(snapshot, until);
        Optional<BackupPlans.Source> source = source(from, passwordFile, credentialsFile);
        Json backup = BackupCommand.backupService(app, stack);
        Json wordpress = BackupCommand.service(app, stack + "_wordpress");
        Json cron = BackupCommand.service(app, stack + "_cron");
        if (!yes) {
            confirm(stack, until);
        }
        var plan = BackupPlans.restore(
                stack,
                start,
                until,
                source,
                app.docker().backupJobs(stack),
                backup,
                wordpress,
                cron,
                caddyNode(stack),
                site(wordpress),
                Instant.now());
        return app.executor().execute(plan);
    }

    /**
     * The repository of --from, with its password from --password-file or asked for at the terminal, and
     * the credentials of --credentials-file.
     */
    static Optional<BackupPlans.Source> source(String from, Path passwordFile, Path credentialsFile) {
        if (from == null) {
            if (passwordFile != null) {
                throw new UsageException("restore", "--password-file is the password of --from REPOSITORY; give both");
            }
            if (credentialsFile != null) {
                throw new UsageException(
                        "restore",
                        "--credentials-file is for --from REPOSITORY (the stack's own repository has"
                                + " BACKUP_REPOSITORY_CREDENTIALS); give both");
            }
            return Optional.empty();
        }
        BackupPlans.Source.check(from);
        Optional<RepositoryCredentials> credentials;
        try {
            credentials = Optional.ofNullable(credentialsFile)
                    .map(file ->
                            RepositoryCredentials.read(file.toAbsolutePath(), "--credentials-file " + credentialsFile));
        } catch (IllegalArgumentException e) {
            throw new UsageException("restore", e.getMessage());
        }
        String password;
        if (passwordFile != null) {
            try {
                password =
                        Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (java.io.IOException e) {
                throw new UsageException(
                        "restore", "cannot read --password-file " + passwordFile + " (" + e.getMessage() + ")");
            }
        } else if (System.console() != null) {
            char[] typed = System.console().readPassword("password of the repository %s: ", from);
            password = typed == null ? "" : new String(typed).strip();
        } else {
            throw new UsageException(
                    "restore",
                    "--from " + from + " needs the repository's password: give --password-file FILE, or run at a"
                            + " terminal to be asked for it");
        }
        return Optional.of(new BackupPlans.Source(from, password, credentials));
    }

    /** The node Caddy's running task is on. */
    private String caddyNode(String stack) {
        return app.docker()
                .runningTaskNode(stack + "_caddy")
                .orElseThrow(() -> new io.wpstack.cli.WpstackException("the service " + stack
                        + "_caddy runs no task, so the site cannot be put into maintenance; run ./wpstack up first"));
    }

    private void confirm(String stack, Optional<PointInTime> until) {
        if (System.console() == null) {
            throw new UsageException(
                    "restore",
                    "restore replaces the database and wp-content of stack " + stack
                            + "; not at a terminal, so confirm with --yes");
        }
        app.context()
                .err()
                .print("restore replaces the database and wp-content of stack " + stack + " with "
                        + (snapshot == null ? "the newest snapshot" : "snapshot " + snapshot)
                        + (from == null ? "" : " of " + from)
                        + until.map(time -> " and the binary log until " + time).orElse("")
                        + " (a safety snapshot of the current state is taken first). Type yes to go on: ");
        app.context().err().flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (java.io.IOException e) {
            answer = null;
        }
        if (answer == null || !answer.strip().equals("yes")) {
            throw new UsageException("restore", "not confirmed; nothing was changed");
        }
    }

    /** The site the WordPress service serves, from its own environment (as up deployed it). */
    BackupPlans.Site site(Json wordpress) {
        return site(
                wordpress.strings("Spec", "TaskTemplate", "ContainerSpec", "Env"),
                Credentials.read(app.context().credentialsFile()));
    }

    static BackupPlans.Site site(List<String> environment, Credentials credentials) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String variable : environment) {
            int equals = variable.indexOf('=');
            if (equals > 0) {
                variables.put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        String url = variables.getOrDefault("WPSTACK_SITE_URL", "");
        String scheme = variables.getOrDefault("WPSTACK_SITE_SCHEME", "http");
        String host;
        if (!url.isEmpty()) {
            var origin = io.wpstack.cli.deploy.SiteAddress.Origin.of(url);
            scheme = origin.scheme();
            host = origin.host();
        } else {
            host = variables.getOrDefault("WPSTACK_SITE_HOSTS", "localhost").split(" ")[0];
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("weblog_title", "wpstack");
        credentials.get("wp_admin_user").ifPresent(user -> form.put("user_name", user));
        credentials.get("wp_admin_pass").ifPresent(pass -> form.put("admin_password", pass));
        form.put("admin_email", "admin@example.com");
        form.put("blog_public", "0");
        return new BackupPlans.Site(host, scheme, form);
    }
}

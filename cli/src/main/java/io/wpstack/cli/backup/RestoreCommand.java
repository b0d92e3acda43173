package io.wpstack.cli.backup;

import io.wpstack.cli.App;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.deploy.Credentials;
import io.wpstack.engine.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./wpstack restore SNAPSHOT|latest [--yes]}: the database and wp-content of a snapshot. */
@Command(
        name = "restore",
        header = "restore the database and wp-content from a snapshot (a safety snapshot first)",
        customSynopsis = "./wpstack restore SNAPSHOT|latest [--yes]")
public final class RestoreCommand implements Callable<Integer> {
    private final App app;

    @Parameters(arity = "0..1", paramLabel = "SNAPSHOT")
    String snapshot;

    @Option(names = "--yes", description = "do not ask for confirmation")
    boolean yes;

    public RestoreCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        String stack = app.context().stack();
        BackupPlans.snapshot(snapshot);
        Json backup = BackupCommand.backupService(app, stack);
        Json wordpress = BackupCommand.service(app, stack + "_wordpress");
        Json cron = BackupCommand.service(app, stack + "_cron");
        if (!yes) {
            confirm(stack);
        }
        var plan = BackupPlans.restore(
                stack, snapshot, backup, wordpress, cron, caddyNode(stack), site(wordpress), Instant.now());
        return app.executor().execute(plan);
    }

    /** The node Caddy's running task is on. */
    private String caddyNode(String stack) {
        return app.docker()
                .runningTaskNode(stack + "_caddy")
                .orElseThrow(() -> new io.wpstack.cli.WpstackException("the service " + stack
                        + "_caddy runs no task, so the site cannot be put into maintenance; run ./wpstack up first"));
    }

    private void confirm(String stack) {
        if (System.console() == null) {
            throw new UsageException(
                    "restore",
                    "restore replaces the database and wp-content of stack " + stack
                            + "; not at a terminal, so confirm with --yes");
        }
        app.context()
                .err()
                .print("restore replaces the database and wp-content of stack " + stack + " with snapshot " + snapshot
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

package io.wpstack.cli.deploy;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Carries out {@link Step.Condition.WordPressInstalled}: WordPress's own installer ({@code wp_install};
 * resources install.php) run by PHP inside a healthy WordPress container of this node, so it needs no
 * HTTP and works whatever TLS Caddy does. Waits for the database and the container, installs once;
 * on an installed site, runs the image's database upgrade (which the containers have normally run
 * already, at their start).
 */
public final class WordPressInstaller {
    public static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final String PROGRAM = program();

    /** The database upgrade the WordPress image carries (images/wordpress/upgrade-db.php). */
    static final String UPGRADE_PROGRAM = "/usr/local/share/wpstack/upgrade-db.php";

    /** What the installer needs from the engine. */
    public interface Containers {
        /** A running, healthy WordPress container of STACK on this node. */
        Optional<String> healthyWordPress(String stack);

        /** Any WordPress container of STACK on this node, healthy or not. */
        boolean anyWordPress(String stack);

        /** The nodes where STACK_wordpress's tasks should run. */
        List<String> wordPressNodes(String stack);

        /** This node's host name. */
        String thisNode();

        /** The last line {@code docker exec -i CONTAINER ARGV} prints, with INPUT on its stdin. */
        String exec(String container, List<String> argv, String input);
    }

    private final Containers containers;
    private final PrintStream err;
    private final Sleeper sleeper;

    /** Waits between attempts (a field, so tests do not sleep). */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public WordPressInstaller(Containers containers, PrintStream err, Sleeper sleeper) {
        this.containers = containers;
        this.err = err;
        this.sleeper = sleeper;
    }

    private static String program() {
        try (InputStream in = WordPressInstaller.class.getResourceAsStream("install.php")) {
            String php = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return php.replaceFirst("^<\\?php\\s*", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** finish_wordpress_install: installs WordPress once, or upgrades its database. */
    public void ensure(Step.Condition.WordPressInstalled site, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "not tried";
        while (System.nanoTime() < deadline) {
            state = call(site, "check");
            switch (state) {
                case "installed" -> {
                    upgrade(site);
                    return;
                }
                case "not-installed" -> {
                    state = call(site, "install");
                    if (!state.equals("installed-now")) {
                        throw new WpstackException("the WordPress install failed (" + state
                                + "); see ./wpstack logs wordpress, then rerun ./wpstack up");
                    }
                    err.println("==> WordPress installed: \"" + site.form().get("weblog_title") + "\" at "
                            + site.scheme() + "://" + site.host() + ", admin "
                            + site.form().get("user_name"));
                    return;
                }
                case "no-container", "no-database" -> pause();
                default ->
                    throw new WpstackException(
                            "WordPress answered unexpectedly (" + state + "); see ./wpstack logs wordpress");
            }
        }
        throw new WpstackException("WordPress was not ready to install within " + timeout.toSeconds()
                + "s (last state: " + state + "); see ./wpstack status and ./wpstack logs wordpress");
    }

    /**
     * The image's own upgrade (images/wordpress/upgrade-db.php, which every WordPress container also
     * runs at its start, under a lock): after a deploy it normally finds the database current.
     */
    private void upgrade(Step.Condition.WordPressInstalled site) {
        Optional<String> container = containers.healthyWordPress(site.stack());
        if (container.isEmpty()) {
            throw new WpstackException("no healthy WordPress container is left to upgrade the database in; see"
                    + " ./wpstack status, then rerun ./wpstack up");
        }
        String state = containers.exec(container.get(), List.of("php", UPGRADE_PROGRAM), "");
        String[] words = state.split(" ");
        switch (words[0]) {
            case "current" -> {}
            case "upgraded" ->
                err.println("==> WordPress database upgraded to the image's WordPress (db_version " + words[1] + " -> "
                        + words[2] + ")");
            case "newer" ->
                err.println("wpstack: warning: the database was written by a newer WordPress (db_version " + words[1]
                        + ") than this image's (" + words[2] + "): it is served as it is, never downgraded; to"
                        + " go back to its data from before the upgrade, ./wpstack restore the snapshot taken"
                        + " before it (./wpstack backup list)");
            default ->
                throw new WpstackException("the WordPress database upgrade failed (" + state
                        + "); see ./wpstack logs wordpress, then rerun ./wpstack up");
        }
    }

    private void pause() {
        try {
            sleeper.sleep(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WpstackException("interrupted while waiting for WordPress");
        }
    }

    /** One run of the installer program in MODE, or "no-container". */
    String call(Step.Condition.WordPressInstalled site, String mode) {
        Optional<String> container = containers.healthyWordPress(site.stack());
        if (container.isEmpty()) {
            if (!containers.anyWordPress(site.stack())) {
                List<String> nodes = containers.wordPressNodes(site.stack());
                if (!nodes.isEmpty() && !nodes.contains(containers.thisNode())) {
                    throw new WpstackException("WordPress runs on " + String.join(" ", nodes)
                            + ", not on this node: its installer runs only inside a WordPress container, so run"
                            + " ./wpstack up on " + nodes.getFirst() + " (the node labelled "
                            + DataNode.LABEL + "=true)");
                }
            }
            return "no-container";
        }
        String input = mode.equals("install") ? form(site) : "";
        return containers.exec(
                container.get(), List.of("php", "-r", PROGRAM, "--", mode, site.host(), site.scheme()), input);
    }

    private static String form(Step.Condition.WordPressInstalled site) {
        return site.form().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}

package io.wpstack.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WordPressInstallerTest {
    private static final Step.Condition.WordPressInstalled SITE = new Step.Condition.WordPressInstalled(
            "wpt1",
            "192.0.2.2:8080",
            "http",
            Map.of("weblog_title", "My site", "user_name", "admin-x", "admin_password", "s3cret"));

    /** Containers whose installer answers the queued states, one per call. */
    static final class Fake implements WordPressInstaller.Containers {
        final Deque<String> answers = new ArrayDeque<>();
        final List<List<String>> calls = new ArrayList<>();
        final List<String> inputs = new ArrayList<>();
        Optional<String> healthy = Optional.of("c1");
        boolean any = true;
        List<String> nodes = List.of("vm");

        @Override
        public Optional<String> healthyWordPress(String stack) {
            return healthy;
        }

        @Override
        public boolean anyWordPress(String stack) {
            return any;
        }

        @Override
        public List<String> wordPressNodes(String stack) {
            return nodes;
        }

        @Override
        public String thisNode() {
            return "vm";
        }

        @Override
        public String exec(String container, List<String> argv, String input) {
            calls.add(argv.subList(Math.max(0, argv.size() - 3), argv.size()));
            inputs.add(input);
            return answers.remove();
        }
    }

    private final Fake containers = new Fake();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final WordPressInstaller installer =
            new WordPressInstaller(containers, new PrintStream(err, true, StandardCharsets.UTF_8), duration -> {});

    @Test
    void installsOnceWithTheFormOnStandardInputAndTheSitesHost() {
        containers.answers.addAll(List.of("no-database", "not-installed", "installed-now"));
        installer.ensure(SITE, Duration.ofSeconds(5));
        assertEquals(
                List.of(
                        List.of("check", "192.0.2.2:8080", "http"),
                        List.of("check", "192.0.2.2:8080", "http"),
                        List.of("install", "192.0.2.2:8080", "http")),
                containers.calls);
        assertTrue(containers.inputs.getLast().contains("admin_password=s3cret\n"), "the password goes on stdin");
        assertFalse(containers.calls.toString().contains("s3cret"), "no password in the arguments");
        assertTrue(err.toString(StandardCharsets.UTF_8)
                .contains("WordPress installed: \"My site\" at http://192.0.2.2:8080, admin admin-x"));
    }

    @Test
    void anInstalledSiteGetsItsDatabaseUpgradedByTheImagesOwnProgram() {
        containers.answers.addAll(List.of("installed", "upgraded 58975 60421"));
        installer.ensure(SITE, Duration.ofSeconds(5));
        assertEquals(List.of("php", "/usr/local/share/wpstack/upgrade-db.php"), containers.calls.getLast());
        assertTrue(
                err.toString(StandardCharsets.UTF_8)
                        .contains("WordPress database upgraded to the image's WordPress (db_version 58975 -> 60421)"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCurrentDatabaseIsLeftAloneQuietly() {
        containers.answers.addAll(List.of("installed", "current 60421"));
        installer.ensure(SITE, Duration.ofSeconds(5));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDatabaseNewerThanTheImageIsServedAsItIsWithAWarningNamingTheWayBack() {
        containers.answers.addAll(List.of("installed", "newer 60421 58975"));
        installer.ensure(SITE, Duration.ofSeconds(5));
        assertTrue(
                err.toString(StandardCharsets.UTF_8)
                        .contains("the database was written by a newer WordPress (db_version 60421) than this image's"
                                + " (58975): it is served as it is, never downgraded"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedUpgradeSaysWhereToLook() {
        containers.answers.addAll(List.of("installed", "failed: another replica held the upgrade lock for 300 s"));
        var e = assertThrows(WpstackException.class, () -> installer.ensure(SITE, Duration.ofSeconds(5)));
        assertEquals(
                "the WordPress database upgrade failed (failed: another replica held the upgrade lock for 300 s);"
                        + " see ./wpstack logs wordpress, then rerun ./wpstack up",
                e.getMessage());
    }

    @Test
    void aFailedInstallSaysWhereToLook() {
        containers.answers.addAll(List.of("not-installed", "failed: could not write"));
        var e = assertThrows(WpstackException.class, () -> installer.ensure(SITE, Duration.ofSeconds(5)));
        assertEquals(
                "the WordPress install failed (failed: could not write); see ./wpstack logs wordpress, then rerun"
                        + " ./wpstack up",
                e.getMessage());
    }

    @Test
    void wordPressOnlyOnAnotherNodeNamesTheNodeToRunUpOn() {
        containers.healthy = Optional.empty();
        containers.any = false;
        containers.nodes = List.of("node-2");
        var e = assertThrows(WpstackException.class, () -> installer.ensure(SITE, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().startsWith("WordPress runs on node-2, not on this node"), e.getMessage());
        assertTrue(e.getMessage().contains("run ./wpstack up on node-2 (the node labelled wpstack.data=true)"));
    }

    @Test
    void notReadyInTimeGivesTheLastState() {
        containers.healthy = Optional.empty();
        var e = assertThrows(WpstackException.class, () -> installer.ensure(SITE, Duration.ZERO));
        assertTrue(e.getMessage().startsWith("WordPress was not ready to install within 0s"), e.getMessage());
    }

    @Test
    void theProgramIsWordPresssOwnInstallerNotAnHttpClient() {
        assertTrue(WordPressInstaller.PROGRAM.contains("wp_install("), "runs wp_install");
        assertFalse(WordPressInstaller.PROGRAM.contains("file_get_contents(\"http"), "no HTTP");
        assertFalse(WordPressInstaller.PROGRAM.startsWith("<?php"), "php -r takes code without the tag");
    }
}

package io.wpstack.cli.registry;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Temporary paths, a fixed clock and helpers the registry tests share. */
final class RegistryFixtures {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private RegistryFixtures() {}

    static RegistryPaths paths(Path dir) {
        return RegistryPaths.under(dir.resolve(".wpstack"), "registry", dir.resolve("certs.d"), dir.resolve("hosts"));
    }

    static Pki pki(Instant now) {
        return new Pki(Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
    }

    static RegistrySettings settings(boolean auth) {
        return new RegistrySettings("registry", RegistrySettings.DEFAULT_NAME, RegistrySettings.DEFAULT_PORT, auth);
    }

    static App app(Path root, Map<String, String> env, RecordingExecutor executor) {
        var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new App(new Context(root, env, out, out), null, executor);
    }

    /** A clock that moves on a second each time it is read (so polling loops end). */
    static Clock ticking(Instant start) {
        return new Clock() {
            private Instant now = start;

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                now = now.plusSeconds(1);
                return now;
            }
        };
    }

    static RegistryRuntime runtime(Path dir, FakeRegistryReads reads, Clock clock) {
        return new RegistryRuntime(
                reads, dir.resolve("certs.d"), dir.resolve("hosts"), clock, duration -> {}, new SecureRandom());
    }

    /** Carries out PLAN's file writes (what the executor would), nothing else. */
    static void applyWrites(Plan plan) {
        for (Step step : plan.steps()) {
            if (step instanceof Step.WriteFile write) {
                try {
                    Files.createDirectories(write.path().getParent());
                    Files.writeString(write.path(), write.content());
                    Files.setPosixFilePermissions(write.path(), PosixFilePermissions.fromString(write.mode()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    static List<Path> written(Plan plan) {
        return plan.steps().stream()
                .filter(Step.WriteFile.class::isInstance)
                .map(step -> ((Step.WriteFile) step).path())
                .toList();
    }

    static Step.WriteFile write(Plan plan, Path path) {
        return plan.steps().stream()
                .filter(step ->
                        step instanceof Step.WriteFile write && write.path().equals(path))
                .map(Step.WriteFile.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no write of " + path + " in " + plan));
    }

    static List<String> messages(Plan plan) {
        return plan.steps().stream()
                .filter(step -> step instanceof Step.Info || step instanceof Step.Warn)
                .map(Step::description)
                .toList();
    }

    /** A file of the bash-made registry under src/test/resources/registry/bash-made/. */
    static String bashMade(String name) {
        try (InputStream in = RegistryFixtures.class.getResourceAsStream("/registry/bash-made/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.wpstack.cli.images;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.FakeDocker;
import io.wpstack.cli.RecordingExecutor;
import io.wpstack.cli.plan.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** A repository in a temporary folder with the real images.yml, stack files and pom, and an app over fakes. */
final class TestRepos {
    private TestRepos() {}

    static Path copy(Path target) {
        try {
            Path root = ImageCatalogTest.ROOT;
            for (String file : List.of("pom.xml", ImageCatalog.FILE, "stacks/wordpress.yml", "stacks/monitoring.yml")) {
                Files.createDirectories(target.resolve(file).getParent());
                Files.copy(root.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            for (String name : ImageCatalogTest.BUILT) {
                Files.createDirectories(target.resolve("images/" + name));
                Files.writeString(target.resolve("images/" + name + "/Dockerfile"), "FROM scratch\n");
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The app, its recorded plans, the logged runs and the reads of one test. */
    static final class Fixture {
        final RecordingExecutor executor = new RecordingExecutor();
        final FakeImageReads reads = new FakeImageReads();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final App app;
        final ImageBuilder builder;

        Fixture(Path root, Map<String, String> environment) {
            var context = new Context(
                    root,
                    environment,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            app = new App(context, new FakeDocker(), executor);
            builder = new ImageBuilder(app, reads, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
        }

        /** The logged runs (builds, pushes, tag removals) of the recorded plans, in order. */
        List<Step.Logged> runs() {
            return executor.plans.stream()
                    .flatMap(plan -> plan.steps().stream())
                    .filter(Step.Logged.class::isInstance)
                    .map(Step.Logged.class::cast)
                    .toList();
        }

        /** The argv of every logged run. */
        List<List<String>> runArgv() {
            return runs().stream().map(Step.Logged::argv).toList();
        }

        /** Every Info line of the recorded plans. */
        List<String> infos() {
            return executor.plans.stream()
                    .flatMap(plan -> plan.steps().stream())
                    .filter(Step.Info.class::isInstance)
                    .map(Step::description)
                    .toList();
        }
    }
}

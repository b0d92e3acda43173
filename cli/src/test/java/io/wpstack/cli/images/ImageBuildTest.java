package io.wpstack.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageBuildTest {
    static final Path ROOT = Path.of("/repo");
    static final ImageBuild.Args ARGS = new ImageBuild.Args("debian:trixie-slim", "abc1234", "PEM");

    static List<String> argv(String name, String context) {
        return List.of(
                "docker",
                "build",
                "--force-rm",
                "--file",
                "images/" + name + "/Dockerfile",
                "--build-arg",
                "BASE_IMAGE=debian:trixie-slim",
                "--build-arg",
                "VERSION=1.2.3",
                "--build-arg",
                "REVISION=abc1234",
                "--build-arg",
                "EXTRA_CA_CERTS=PEM",
                "--tag",
                "wpstack/" + name + ":1.2.3",
                "--tag",
                "wpstack/" + name + ":latest",
                context);
    }

    @Test
    void eachImageIsBuiltInItsContextFromTheRepository() {
        for (var image : List.of(
                BuiltImage.inOwnFolder("wordpress"),
                new BuiltImage("caddy", "images"),
                new BuiltImage("docker-exporter", "."))) {
            var build = ImageBuild.of(ROOT, image, "1.2.3", ARGS);
            assertEquals(argv(image.name(), image.context()), build.run().argv());
            assertEquals(ROOT, build.run().directory());
        }
    }

    @Test
    void theOutputGoesToItsLogWithProgressAndTheTailOnFailure() {
        var build = ImageBuild.of(ROOT, new BuiltImage("caddy", "images"), "1.2.3", ARGS);
        Step.Logged run = build.run();
        Path log = Path.of("/repo/.wpstack/logs/build-caddy.log");
        assertEquals(log, run.log());
        assertEquals(Duration.ofSeconds(30), run.progress());
        assertEquals(30, run.tail());
        assertEquals(
                "building wpstack/caddy:1.2.3 failed after {seconds}s (last lines above, full log: " + log
                        + "); fix the cause and rerun ./wpstack build",
                run.failure());
        assertEquals(
                List.of(new Step.Info("building wpstack/caddy:1.2.3 from debian:trixie-slim (log: " + log + ")")),
                build.announce().steps());
        assertEquals("built wpstack/caddy:1.2.3 in 7s, 42MB", build.builtMessage(7, "42MB"));
    }

    @Test
    void baseImageComesFromTheLauncherAndItsAbsenceIsAnError() {
        var e = assertThrows(WpstackException.class, () -> ImageBuild.Args.of(Map.of(), "x", ""));
        assertTrue(e.getMessage().startsWith("BASE_IMAGE is not set: the ./wpstack launcher sets it"), e.getMessage());
        assertEquals(
                new ImageBuild.Args("wpstack/base:trixie", "abc", "A\n\nB"),
                ImageBuild.Args.of(Map.of("BASE_IMAGE", "wpstack/base:trixie"), "abc\n", "A\n\nB\n\n"));
    }
}

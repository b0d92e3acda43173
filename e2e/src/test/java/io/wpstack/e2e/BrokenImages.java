package io.wpstack.e2e;

import io.wpstack.testkit.DockerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Deliberately broken releases, built here on top of the real images. */
final class BrokenImages {
    private BrokenImages() {}

    /** Builds TAG: the WordPress image with an entrypoint that dies at start (exit 3), as a bad release does. */
    static String crashingWordPress(Path work, String tag) throws IOException {
        return onWordPress(
                work,
                tag,
                "# A release that dies at start.\nENTRYPOINT [\"/bin/sh\", \"-c\", \"echo broken release >&2; exit"
                        + " 3\"]\n");
    }

    /**
     * Builds TAG: the WordPress image with one label more, so another image ID: what a tag names after the
     * same version was built or pushed again once it had been tested.
     */
    static String rebuiltWordPress(Path work, String tag) throws IOException {
        return onWordPress(work, tag, "LABEL io.wpstack.e2e=\"built again after its test\"\n");
    }

    /** Builds TAG from wpstack/wordpress:latest and the Dockerfile lines INSTRUCTIONS, in a folder under WORK. */
    private static String onWordPress(Path work, String tag, String instructions) throws IOException {
        Path context = Files.createTempDirectory(work, "wordpress-image");
        Files.writeString(context.resolve("Dockerfile"), "FROM wpstack/wordpress:latest\n" + instructions);
        DockerCli.check("build", "-q", "-t", tag, context.toString());
        return tag;
    }
}

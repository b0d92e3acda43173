package io.wpstack.cli.images;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Building one image (what bash's build_image did): {@code docker build --force-rm --file
 * images/NAME/Dockerfile --build-arg BASE_IMAGE=... VERSION REVISION EXTRA_CA_CERTS --tag
 * wpstack/NAME:VERSION --tag wpstack/NAME:latest CONTEXT} in the repository, its output in
 * .wpstack/logs/build-NAME.log, a progress line every 30 s, and on failure the log's last 30 lines.
 *
 * @param announce what is said before the build starts
 * @param run the build itself
 */
public record ImageBuild(BuiltImage image, String version, Plan announce, Step.Logged run) {

    /**
     * What every build gets: the image it starts FROM, the commit (git describe --always --dirty)
     * and the PEM certificates added on this host (bash: host_extra_ca_certs).
     */
    public record Args(String baseImage, String revision, String extraCaCerts) {
        /** BASE_IMAGE from ENVIRONMENT (the launcher sets it: ensure_base_image stays in bash). */
        public static Args of(Map<String, String> environment, String revision, String extraCaCerts) {
            String base = environment.getOrDefault("BASE_IMAGE", "");
            if (base.isEmpty()) {
                throw new WpstackException("BASE_IMAGE is not set: the ./wpstack launcher sets it (it finds or builds"
                        + " the base image) before it runs the CLI; run the command through ./wpstack, or set"
                        + " BASE_IMAGE to a Debian trixie image such as debian:trixie-slim");
            }
            return new Args(base, stripTrailingNewlines(revision), stripTrailingNewlines(extraCaCerts));
        }
    }

    /** Bash's $(...) drops the trailing newlines of what it captures. */
    static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    /** .wpstack/logs/NAME.log of the repository ROOT (bash: log_file NAME). */
    public static Path logFile(Path root, String name) {
        return root.resolve(".wpstack/logs").resolve(name + ".log");
    }

    /** The build of IMAGE as wpstack/NAME:VERSION in the repository ROOT. */
    public static ImageBuild of(Path root, BuiltImage image, String version, Args args) {
        Path log = logFile(root, "build-" + image.name());
        String reference = image.repository() + ":" + version;
        List<String> argv = List.of(
                "docker",
                "build",
                "--force-rm",
                "--file",
                image.dockerfile(),
                "--build-arg",
                "BASE_IMAGE=" + args.baseImage(),
                "--build-arg",
                "VERSION=" + version,
                "--build-arg",
                "REVISION=" + args.revision(),
                "--build-arg",
                "EXTRA_CA_CERTS=" + args.extraCaCerts(),
                "--tag",
                reference,
                "--tag",
                image.repository() + ":latest",
                image.context());
        return new ImageBuild(
                image,
                version,
                Plan.builder()
                        .info("building " + reference + " from " + args.baseImage() + " (log: " + log + ")")
                        .build(),
                new Step.Logged(
                        "",
                        argv,
                        Map.of(),
                        root,
                        log,
                        false,
                        Step.Logged.PROGRESS,
                        Step.Logged.TAIL,
                        "building " + reference + " failed after {seconds}s (last lines above, full log: " + log
                                + "); fix the cause and rerun ./wpstack build",
                        List.of()));
    }

    /** The image it builds FROM (its BASE_IMAGE build argument). */
    public String baseImage() {
        return run.argv().stream()
                .filter(word -> word.startsWith("BASE_IMAGE="))
                .map(word -> word.substring("BASE_IMAGE=".length()))
                .findFirst()
                .orElseThrow();
    }

    /** wpstack/NAME:VERSION. */
    public String reference() {
        return image.repository() + ":" + version;
    }

    /** What is said once it is built (bash: built IMAGE in Ns, SIZE). */
    public String builtMessage(long seconds, String size) {
        return "built " + reference() + " in " + seconds + "s, " + size;
    }
}

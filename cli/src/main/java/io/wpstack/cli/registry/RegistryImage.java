package io.wpstack.cli.registry;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image the registry runs: WPSTACK_REGISTRY_IMAGE when set (an image the engine has, e.g.
 * loaded: an engine without Debian's mirror cannot build it), else images/registry built (from
 * cache when unchanged) and tagged by content (wpstack/registry:id-ID), so a changed image rolls the
 * service.
 */
final class RegistryImage {
    static final String NAME = "wpstack/registry";
    static final String DEFAULT_BASE_IMAGE = "debian:trixie-slim";
    static final String DEBOOTSTRAP_BASE_IMAGE = "wpstack/base:trixie";
    private static final Pattern REVISION = Pattern.compile("<revision>([^<]*)</revision>");

    private final App app;
    private final RegistryReads reads;
    private final Clock clock;

    RegistryImage(App app, RegistryReads reads, Clock clock) {
        this.app = app;
        this.reads = reads;
        this.clock = clock;
    }

    String image() {
        Context context = app.context();
        String given = context.env("WPSTACK_REGISTRY_IMAGE", "");
        if (!given.isEmpty()) {
            if (!reads.imageExists(given)) {
                throw new WpstackException(givenMissing(given));
            }
            return given;
        }
        String base = baseImage(context);
        String version = version(RegistryFiles.read(context.root().resolve("pom.xml")), context.root());
        Instant start = clock.instant();
        app.executor().execute(build(context.root(), base, version, reads.gitRevision()));
        app.executor()
                .execute(Plan.builder()
                        .info("built " + NAME + ":" + version + " in "
                                + Duration.between(start, clock.instant()).toSeconds() + "s")
                        .build());
        String id = reads.imageId(NAME + ":latest")
                .orElseThrow(() -> new WpstackException("image " + NAME + ":latest is missing; run ./wpstack build"));
        String tag = contentTag(id);
        app.executor()
                .execute(Plan.of(Step.Run.of(
                        "",
                        List.of("docker", "tag", NAME + ":latest", tag),
                        "docker tag " + NAME + ":latest " + tag + " failed; check docker image ls " + NAME)));
        return tag;
    }

    static String givenMissing(String image) {
        return "WPSTACK_REGISTRY_IMAGE=" + image + " is not an image of this engine; load it (docker save IMAGE |"
                + " docker load), or unset it to build the image";
    }

    /** wpstack/registry:id-<the first 12 hex digits of the image ID>. */
    static String contentTag(String id) {
        String hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
        return NAME + ":id-" + hex.substring(0, Math.min(12, hex.length()));
    }

    /** The root pom's revision property. */
    static String version(String pom, Path root) {
        Matcher matcher = pom == null ? null : REVISION.matcher(pom);
        if (matcher == null || !matcher.find() || matcher.group(1).isEmpty()) {
            throw new WpstackException(
                    "no <revision> property in " + root.resolve("pom.xml") + "; add it or pass --version");
        }
        return matcher.group(1);
    }

    /** docker build of images/registry as wpstack/registry:VERSION and :latest. */
    static Plan build(Path root, String base, String version, String revision) {
        Path dir = root.resolve("images/registry");
        return Plan.builder()
                .info("building " + NAME + ":" + version + " from " + base)
                .add(Step.Run.of(
                        "",
                        List.of(
                                "docker",
                                "build",
                                "--force-rm",
                                "--file",
                                dir.resolve("Dockerfile").toString(),
                                "--build-arg",
                                "BASE_IMAGE=" + base,
                                "--build-arg",
                                "VERSION=" + version,
                                "--build-arg",
                                "REVISION=" + revision,
                                "--tag",
                                NAME + ":" + version,
                                "--tag",
                                NAME + ":latest",
                                dir.toString()),
                        "building " + NAME + ":" + version + " failed (output above); fix the cause and rerun"
                                + " ./wpstack registry up"))
                .build();
    }

    /**
     * The image the build starts FROM: BASE_IMAGE when set, else debian:trixie-slim when local or
     * pullable, else wpstack/base:trixie when an earlier ./wpstack build made it with debootstrap.
     */
    private String baseImage(Context context) {
        String given = context.env("BASE_IMAGE", "");
        if (!given.isEmpty()) {
            if (!reads.imageExists(given) && !pulled(context, given)) {
                throw new WpstackException("BASE_IMAGE=" + given
                        + " is neither a local image nor pullable; build or load it, or unset BASE_IMAGE");
            }
            return said(given, "set by BASE_IMAGE");
        }
        if (reads.imageExists(DEFAULT_BASE_IMAGE)) {
            return said(DEFAULT_BASE_IMAGE, "present locally");
        }
        if (pulled(context, DEFAULT_BASE_IMAGE)) {
            return said(DEFAULT_BASE_IMAGE, "pulled");
        }
        if (reads.imageExists(DEBOOTSTRAP_BASE_IMAGE)) {
            return said(
                    DEBOOTSTRAP_BASE_IMAGE,
                    DEFAULT_BASE_IMAGE + " cannot be pulled; reusing the debootstrap base built earlier");
        }
        throw new WpstackException(DEFAULT_BASE_IMAGE + " cannot be pulled and there is no " + DEBOOTSTRAP_BASE_IMAGE
                + "; run ./wpstack build once (it builds " + DEBOOTSTRAP_BASE_IMAGE + " with debootstrap), or set"
                + " BASE_IMAGE to a Debian trixie image");
    }

    private boolean pulled(Context context, String image) {
        String timeout = context.env("WPSTACK_PULL_TIMEOUT", "20");
        return app.executor()
                        .execute(Plan.of(
                                Step.Run.of("", List.of("timeout", timeout, "docker", "pull", "--quiet", image), null)))
                == 0;
    }

    private String said(String image, String why) {
        app.executor()
                .execute(Plan.builder()
                        .info("base image: " + image + " (" + why + ")")
                        .build());
        return image;
    }
}

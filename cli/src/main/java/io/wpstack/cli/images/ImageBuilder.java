package io.wpstack.cli.images;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.model.StackFile;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out image builds, content tags and pushes, for `build` and `up`: the plans come from
 * {@link ImageBuild}, {@link ImageTags} and {@link ImagePush}; this adds what is known only while they
 * run (how long they took, the image's size and digest).
 */
public final class ImageBuilder {
    private final App app;
    private final ImageReads reads;
    private final Clock clock;

    public ImageBuilder(App app, ImageReads reads, Clock clock) {
        this.app = app;
        this.reads = reads;
        this.clock = clock;
    }

    /** Reads through the Engine API; logged runs on the user's stderr. */
    public static ImageBuilder real(App app) {
        Context context = app.context();
        return new ImageBuilder(app, new EngineImageReads(context.environment()), Clock.systemUTC());
    }

    public ImageReads reads() {
        return reads;
    }

    /** What every build gets: BASE_IMAGE (from the launcher), the git revision, this host's extra CAs. */
    public ImageBuild.Args args() {
        Context context = app.context();
        var environment = new java.util.HashMap<>(context.environment());
        environment.put("BASE_IMAGE", baseImage());
        return ImageBuild.Args.of(environment, reads.gitRevision(context.root()), ExtraCaCerts.read(environment));
    }

    /** BASE_IMAGE when set, else the one the launcher's ensure_base_image finds or builds; chosen once. */
    public String baseImage() {
        if (baseImage == null) {
            baseImage = BaseImage.ensure(app.context());
        }
        return baseImage;
    }

    /** Chosen once per command, when the first build needs it. */
    private String baseImage;

    /** Runs the builds in order; each says when it is done, how long it took and the image's size. */
    public void build(List<ImageBuild> builds) {
        for (ImageBuild build : builds) {
            Instant start = clock.instant();
            app.executor().execute(build.announce());
            app.executor().execute(Plan.of(build.run()));
            long seconds = Duration.between(start, clock.instant()).toSeconds();
            app.executor()
                    .execute(Plan.builder()
                            .info(build.builtMessage(seconds, reads.imageSize(build.reference())))
                            .build());
        }
    }

    /**
     * The images of STACK's services that `up` builds (from cache when unchanged): all but those
     * given as WPSTACK_NAME_IMAGE or taken from a registry (WPSTACK_REGISTRY). Bash:
     * build_local_images.
     */
    public static List<BuiltImage> localImages(ImageCatalog catalog, StackFile stack, Map<String, String> environment) {
        return catalog.runBy(stack).stream()
                .filter(image -> !ImageTags.fromElsewhere(image.name(), environment))
                .toList();
    }

    /** The builds of {@link #localImages}, as VERSION (the pom's revision, for `up`). */
    public static List<ImageBuild> localBuilds(
            Path root,
            ImageCatalog catalog,
            StackFile stack,
            Map<String, String> environment,
            String version,
            java.util.function.Supplier<ImageBuild.Args> args) {
        List<BuiltImage> images = localImages(catalog, stack, environment);
        if (images.isEmpty()) {
            return List.of();
        }
        ImageBuild.Args given = args.get();
        return images.stream()
                .map(image -> ImageBuild.of(root, image, version, given))
                .toList();
    }

    /**
     * `up`: builds the images STACK's services run, except those from elsewhere, and those whose
     * inputs are as at their last build here (then both tags still name the image that build made).
     */
    public void buildLocalImages(StackFile stack) {
        Context context = app.context();
        Path root = context.root();
        buildChanged(localBuilds(
                root, ImageCatalog.read(root), stack, context.environment(), ImageVersion.fromPom(root), this::args));
    }

    /** Builds each of BUILDS unless its inputs are as at its last build here (what `up` does). */
    public void buildChanged(List<ImageBuild> builds) {
        Path root = app.context().root();
        // Every build of one command starts FROM the same base image: its ID is read once.
        Map<String, Optional<String>> baseIds = new java.util.HashMap<>();
        for (ImageBuild build : builds) {
            buildUnlessUnchanged(root, build, baseIds.computeIfAbsent(build.baseImage(), reads::imageId));
        }
    }

    private void buildUnlessUnchanged(Path root, ImageBuild build, Optional<String> baseId) {
        String name = build.image().name();
        Optional<String> inputs = baseId.flatMap(id -> BuildInputs.hash(root, build, id));
        Optional<BuildRecord> last = BuildRecord.read(root, name);
        if (inputs.isPresent()
                && last.isPresent()
                && last.get().inputs().equals(inputs.get())
                && reads.imageId(build.reference())
                        .equals(Optional.of(last.get().imageId()))
                && reads.imageId(build.image().repository() + ":latest")
                        .equals(Optional.of(last.get().imageId()))) {
            app.executor()
                    .execute(Plan.of(new Step.Info(build.reference()
                            + " is up to date (nothing it is built from changed since its last build here)")));
            return;
        }
        build(List.of(build));
        if (inputs.isPresent()) {
            reads.imageId(build.reference()).ifPresent(id -> app.executor()
                    .execute(Plan.of(new BuildRecord(inputs.get(), id).write(root, name))));
        }
    }

    /**
     * image_ref NAME: the image the service NAME runs: WPSTACK_NAME_IMAGE, else the registry's, else
     * the local image by its content tag (tagged now, so a rebuilt image rolls the service).
     */
    public String imageRef(String name) {
        Context context = app.context();
        return new io.wpstack.cli.deploy.StackVariables.Images(
                        context.environment(), ImageVersion.fromPom(context.root()), this::contentTag)
                .ref(name);
    }

    /**
     * content_tag NAME: tags wpstack/NAME:latest as wpstack/NAME:id-ID (unless that tag names it
     * already) and returns that reference.
     */
    public String contentTag(String name) {
        return contentTag(name, "latest");
    }

    /**
     * The content tag of wpstack/NAME:TAG (tagged when it is not yet); TAG is latest, or the version up was
     * asked for (--version), which must have been built on this machine.
     */
    public String contentTag(String name, String tag) {
        String source = "wpstack/" + name + ":" + tag;
        String id = reads.imageId(source)
                .orElseThrow(() -> new WpstackException("image " + source + " is missing; "
                        + (tag.equals("latest")
                                ? "run ./wpstack build"
                                : "./wpstack build --version " + tag + " builds it (or --registry R deploys it"
                                        + " from a registry)")));
        String content = ImageTags.contentTag(name, id);
        if (!reads.imageId(content).equals(Optional.of(id))) {
            app.executor().execute(ImageTags.tagContent(source, name, id));
        }
        return content;
    }

    /** remove_unused_image_tags NAMES: the wpstack/NAME:id-* tags no service runs any more. */
    public void removeUnusedImageTags(List<String> names) {
        List<String> serviceImages = reads.serviceImages();
        List<String> unused = new ArrayList<>();
        for (String name : names) {
            unused.addAll(ImageTags.unusedTags(reads.tags("wpstack/" + name), serviceImages));
        }
        ImageTags.removeUnused(app.context().root(), unused)
                .forEach(step -> app.executor().execute(Plan.of(step)));
    }

    /** push_images: every image of NAMES, as VERSION, to REGISTRY; then how to deploy them. */
    public void push(PushRegistry registries, String registry, String version, List<String> names) {
        Instant start = clock.instant();
        registries.checkTrust(registry, reads);
        Path root = app.context().root();
        int i = 0;
        for (String name : names) {
            i++;
            String progress = i + "/" + names.size();
            String source = "wpstack/" + name + ":" + version;
            if (!reads.imageExists(source)) {
                throw new WpstackException(
                        "image " + source + " is missing; build it: ./wpstack build --version " + version);
            }
            Instant imageStart = clock.instant();
            ImagePush push = ImagePush.of(root, registries, registry, name, version, progress);
            app.executor().execute(push.tags());
            push.pushes().forEach(step -> app.executor().execute(Plan.of(step)));
            String digest = ImagePush.digest(push.target(), reads.repoDigests(push.target() + ":" + version));
            long seconds = Duration.between(imageStart, clock.instant()).toSeconds();
            app.executor().execute(Plan.of(new Step.Info(push.pushedMessage(progress, seconds, digest))));
        }
        app.executor()
                .execute(Plan.of(new Step.Info("pushed " + names.size() + " images to " + registry + " in "
                        + Duration.between(start, clock.instant()).toSeconds() + "s; deploy them with ./wpstack up"
                        + " --registry " + registry + " --version " + version)));
    }
}

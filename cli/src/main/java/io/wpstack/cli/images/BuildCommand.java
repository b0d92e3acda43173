package io.wpstack.cli.images;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wpstack build [--version V] [--push] [--registry R]}: builds every image of
 * images/images.yml as wpstack/NAME:V and :latest (V: the pom's revision by default); --push then
 * tags and pushes each as R/wpstack/NAME:V and :latest (R: the registry `registry up` deployed).
 * The base image is BASE_IMAGE, else the one the launcher's ensure_base_image finds or builds,
 * asked once the flags are valid.
 */
@Command(
        name = "build",
        header = "build every image (version default: the pom's revision); --push sends them to the registry")
public final class BuildCommand implements Callable<Integer> {
    static final String NAME = "build";

    private final App app;
    private final ImageBuilder builder;

    @Option(names = "--version", paramLabel = "V", description = "the images' tag (default: the pom's revision)")
    String version;

    @Option(names = "--push", description = "push the images to the registry")
    boolean push;

    @Option(names = "--registry", paramLabel = "R", description = "where --push sends them")
    String registry;

    public BuildCommand(App app) {
        this(app, ImageBuilder.real(app));
    }

    BuildCommand(App app, ImageBuilder builder) {
        this.app = app;
        this.builder = builder;
    }

    /** The flags as given (null: not given). */
    record Request(String version, boolean push, String registry) {}

    /** What the command reads before it plans; EXTRA_CA_CERTS is read only once the flags are valid. */
    record Inputs(
            Path root,
            Map<String, String> environment,
            ImageCatalog catalog,
            PushRegistry registries,
            Supplier<String> revision,
            Supplier<String> extraCaCerts,
            Supplier<String> baseImage) {}

    /** The builds, in order, and where they are pushed (null: not pushed). */
    record Build(String version, String registry, List<ImageBuild> builds) {
        List<String> names() {
            return builds.stream().map(build -> build.image().name()).toList();
        }
    }

    @Override
    public Integer call() {
        Context context = app.context();
        Path root = context.root();
        var inputs = new Inputs(
                root,
                context.environment(),
                ImageCatalog.read(root),
                PushRegistry.of(context),
                () -> builder.reads().gitRevision(root),
                () -> ExtraCaCerts.read(context.environment()),
                builder::baseImage);
        Build build = plan(new Request(version, push, registry), inputs, builder.reads());
        if (build.builds().isEmpty()) {
            app.executor()
                    .execute(io.wpstack.cli.plan.Plan.builder()
                            .warn(ImageCatalog.FILE + " lists no image; nothing built")
                            .build());
        }
        builder.build(build.builds());
        if (build.registry() != null) {
            builder.push(inputs.registries(), build.registry(), build.version(), build.names());
        }
        return 0;
    }

    /**
     * cmd_build's checks, in its order (each a usage error, exit 2): the version (given or the pom's)
     * is an image tag; --registry only with --push; a registry to push to, HOST:PORT and trusted here.
     * Then a base image (BASE_IMAGE, else asked for), and every image of the catalog is built, in name order.
     */
    static Build plan(Request request, Inputs inputs, ImageReads reads) {
        if (request.version() != null && request.version().isEmpty()) {
            throw new UsageException(NAME, "--version needs a value, e.g. --version 1.2.3");
        }
        if (request.registry() != null && request.registry().isEmpty()) {
            throw new UsageException(NAME, "--registry needs a value, e.g. --registry NAME:PORT");
        }
        String version = ImageVersion.check(
                NAME, request.version() == null ? ImageVersion.fromPom(inputs.root()) : request.version());
        String registry = request.registry();
        if (registry != null && !request.push()) {
            throw new UsageException(NAME, "--registry only says where --push sends the images; add --push");
        }
        if (request.push()) {
            if (registry == null) {
                registry = inputs.registries().defaultRegistry();
            }
            inputs.registries().check(registry, reads);
        }
        Map<String, String> environment = new java.util.HashMap<>(inputs.environment());
        environment.computeIfAbsent("BASE_IMAGE", unset -> inputs.baseImage().get());
        ImageBuild.Args args = ImageBuild.Args.of(
                environment, inputs.revision().get(), inputs.extraCaCerts().get());
        List<ImageBuild> builds = inputs.catalog().images().stream()
                .map(image -> ImageBuild.of(inputs.root(), image, version, args))
                .toList();
        return new Build(version, request.push() ? registry : null, builds);
    }
}

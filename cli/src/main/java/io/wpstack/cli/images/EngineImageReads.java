package io.wpstack.cli.images;

import io.wpstack.cli.docker.EngineReads;
import io.wpstack.cli.docker.ImageSummary;
import io.wpstack.cli.docker.ProgramOutput;
import io.wpstack.engine.Filters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ImageReads} from the engine's API ({@link EngineReads}), git and getent. */
public final class EngineImageReads implements ImageReads {
    private final EngineReads engine;
    private final Map<String, String> environment;

    public EngineImageReads(EngineReads engine, Map<String, String> environment) {
        this.engine = engine;
        this.environment = Map.copyOf(environment);
    }

    /** Reads of the engine ENVIRONMENT names (DOCKER_HOST applies as for the user), git and getent. */
    public EngineImageReads(Map<String, String> environment) {
        this(EngineReads.of(environment), environment);
    }

    @Override
    public Optional<String> imageId(String image) {
        return engine.imageId(image);
    }

    /** docker image ls --format {{.Size}} IMAGE's first line. */
    @Override
    public String imageSize(String image) {
        return engine.images(Filters.of("reference", image)).stream()
                .filter(summary -> !summary.rows().isEmpty())
                .findFirst()
                .map(ImageSummary::shownSize)
                .orElse("");
    }

    /** docker image ls --format {{.Repository}}:{{.Tag}} REPOSITORY. */
    @Override
    public List<String> tags(String repository) {
        return engine.images(Filters.of("reference", repository)).stream()
                .flatMap(summary -> summary.rows().stream())
                .toList();
    }

    /** docker service ls --format {{.Image}}. */
    @Override
    public List<String> serviceImages() {
        // The previous specs' too: ./wpstack rollback returns to them, so their tags must stay.
        List<String> images = new java.util.ArrayList<>(engine.serviceImages());
        images.addAll(engine.previousServiceImages());
        return images;
    }

    @Override
    public List<String> repoDigests(String image) {
        return engine.repoDigests(image);
    }

    @Override
    public String gitRevision(Path root) {
        ProgramOutput output = ProgramOutput.run(
                List.of("git", "-C", root.toString(), "describe", "--always", "--dirty"), environment, null);
        return output.code() == 0 ? output.out().strip() : "unknown";
    }

    @Override
    public boolean resolves(String host) {
        return ProgramOutput.run(List.of("getent", "hosts", host), environment, null)
                        .code()
                == 0;
    }
}

package io.wpstack.cli.images;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What building, tagging and pushing images read from the engine and this machine. Tests pass a fake. */
public interface ImageReads {
    /** The image's ID (sha256:...), if it exists (docker image inspect). */
    Optional<String> imageId(String image);

    default boolean imageExists(String image) {
        return imageId(image).isPresent();
    }

    /** The size docker image ls shows, e.g. "112MB" ("" when unknown). */
    String imageSize(String image);

    /** Every REPOSITORY:TAG of REPOSITORY (docker image ls). */
    List<String> tags(String repository);

    /** The image of every service (docker service ls) and of its previous spec, with the digest Swarm pinned. */
    List<String> serviceImages();

    /** The image's RepoDigests (REPOSITORY@sha256:...). */
    List<String> repoDigests(String image);

    /** {@code git describe --always --dirty} of the repository ROOT, or "unknown". */
    String gitRevision(Path root);

    /** HOST resolves on this machine (getent hosts). */
    boolean resolves(String host);
}

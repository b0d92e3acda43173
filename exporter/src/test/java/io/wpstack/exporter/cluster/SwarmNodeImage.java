package io.wpstack.exporter.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The Docker-in-Docker node image built from {@code images/swarm-node}. */
public final class SwarmNodeImage {
    public static final String DEFAULT = "wpstack/swarm-node:latest";
    /** The slim base {@code ./wpstack build} makes with debootstrap where no registry is reachable. */
    public static final String FALLBACK_BASE_IMAGE = "wpstack/base:trixie";

    private static final Path CONTEXT = Path.of("images", "swarm-node");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

    private SwarmNodeImage() {}

    /**
     * Returns {@code image}, building it first from {@code images/swarm-node} when the host does not have it
     * (with {@code BASE_IMAGE} from the environment, else {@value #FALLBACK_BASE_IMAGE}). An existing image is
     * used as it is: rebuild it with {@code ./wpstack build} after changing the Dockerfile.
     */
    public static String ensureBuilt(String image) {
        if (DockerCli.run("image", "inspect", "--format", "{{.Id}}", image).ok()) {
            return image;
        }
        String base = baseImage();
        Path context = buildContext();
        System.err.println("[dind-cluster] building " + image + " from " + context + " on " + base);
        DockerCli.run(
                        BUILD_TIMEOUT,
                        null,
                        "build",
                        "--build-arg",
                        "BASE_IMAGE=" + base,
                        "-t",
                        image,
                        context.toString())
                .orThrow();
        return image;
    }

    private static String baseImage() {
        String fromEnv = System.getenv("BASE_IMAGE");
        return fromEnv == null || fromEnv.isBlank() ? FALLBACK_BASE_IMAGE : fromEnv;
    }

    /** {@code images/swarm-node} of the repository holding the working directory (Maven runs ITs in exporter/). */
    private static Path buildContext() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(CONTEXT).resolve("Dockerfile"))) {
                return dir.resolve(CONTEXT);
            }
        }
        throw new ClusterException("no " + CONTEXT + "/Dockerfile in " + start + " or above: run the tests from"
                + " the wpstack repository, or build the image first with ./wpstack build");
    }
}

package io.wpstack.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** The Docker-in-Docker node image built from {@code images/swarm-node}. */
public final class SwarmNodeImage {
    public static final String DEFAULT = "wpstack/swarm-node:latest";
    /** The slim base {@code ./wpstack build} makes with debootstrap where no registry is reachable. */
    public static final String FALLBACK_BASE_IMAGE = "wpstack/base:trixie";

    private static final Path CONTEXT = Path.of("images", "swarm-node");
    private static final String CONTEXT_LABEL = "io.wpstack.swarm-node.context-sha256";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

    private SwarmNodeImage() {}

    /**
     * Returns {@code image}, building it from {@code images/swarm-node} when the host lacks it or it was built
     * from other files than the ones in the repository now (the image carries a hash of its build context), so
     * an edited Dockerfile is never tested with a stale image. The base is {@code BASE_IMAGE} from the
     * environment, else {@value #FALLBACK_BASE_IMAGE}. Unchanged layers come from the build cache.
     */
    public static String ensureBuilt(String image) {
        Path context = buildContext();
        String hash = hash(context);
        CommandResult built = DockerCli.run(
                "image", "inspect", "--format", "{{index .Config.Labels \"" + CONTEXT_LABEL + "\"}}", image);
        if (built.ok() && built.output().strip().equals(hash)) {
            return image;
        }
        String base = baseImage();
        System.err.println("[dind-cluster] building " + image + " from " + context + " on " + base);
        DockerCli.run(
                        BUILD_TIMEOUT,
                        null,
                        "build",
                        "--build-arg",
                        "BASE_IMAGE=" + base,
                        "--label",
                        CONTEXT_LABEL + "=" + hash,
                        "--tag",
                        image,
                        context.toString())
                .orThrow();
        return image;
    }

    private static String baseImage() {
        String fromEnv = System.getenv("BASE_IMAGE");
        return fromEnv == null || fromEnv.isBlank() ? FALLBACK_BASE_IMAGE : fromEnv;
    }

    /** {@code images/swarm-node} of the repository holding the working directory (Maven runs the ITs in their module's folder). */
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

    /** SHA-256 over the context's file names, modes and contents. */
    private static String hash(Path context) {
        try (Stream<Path> tree = Files.walk(context)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> files = tree.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                digest.update(context.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) (Files.isExecutable(file) ? 1 : 0));
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build context " + context, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

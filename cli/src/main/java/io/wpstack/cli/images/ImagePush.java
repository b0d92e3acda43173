package io.wpstack.cli.images;

import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Pushing one image (bash: push_image): wpstack/NAME:VERSION tagged REGISTRY/wpstack/NAME:VERSION
 * and :latest, both pushed, their output in .wpstack/logs/push-NAME.log; a failure names the usual
 * causes (an untrusted certificate, a name that does not resolve, a login, nothing answering).
 *
 * @param tags the docker tag commands and the "pushing" line
 * @param pushes docker push of VERSION, then of latest (one log)
 */
public record ImagePush(String name, String target, String version, Plan tags, List<Step.Logged> pushes) {
    static final int TAIL = 10;

    public ImagePush {
        pushes = List.copyOf(pushes);
    }

    /** The push of wpstack/NAME:VERSION to REGISTRY, the PROGRESS-th ("2/11") of all. */
    static ImagePush of(
            Path root, PushRegistry registries, String registry, String name, String version, String progress) {
        String source = "wpstack/" + name + ":" + version;
        String target = registry + "/wpstack/" + name;
        Path log = ImageBuild.logFile(root, "push-" + name);
        String tagFailure = "docker tag " + source + " failed; check docker image ls wpstack/" + name;
        Plan tags = Plan.builder()
                .add(Step.Run.of("", List.of("docker", "tag", source, target + ":" + version), tagFailure))
                .add(Step.Run.of("", List.of("docker", "tag", source, target + ":latest"), tagFailure))
                .info("[" + progress + "] pushing " + target + ":" + version + " and :latest (log: " + log + ")")
                .build();
        String image = target + ":" + version;
        List<Step.Logged.Diagnosis> diagnoses = List.of(
                new Step.Logged.Diagnosis(
                        "x509:|certificate signed by unknown authority",
                        "pushing " + image + " failed: " + registries.untrustedMessage(registry)),
                new Step.Logged.Diagnosis(
                        "no such host|server misbehaving",
                        "pushing " + image + " failed: " + host(registry) + " does not resolve; run ./wpstack registry"
                                + " trust on this node (adds it to /etc/hosts) or add it to your DNS"),
                new Step.Logged.Diagnosis(
                        "no basic auth credentials|unauthorized|authentication required",
                        "pushing " + image + " failed: the registry wants a login; run ./wpstack registry trust (logs"
                                + " in with the saved password) or docker login " + registry),
                new Step.Logged.Diagnosis(
                        "connection refused|i/o timeout|no route to host",
                        "pushing " + image + " failed: nothing answers at " + registry
                                + "; check ./wpstack registry status"));
        String failure = "pushing " + image + " failed (last lines above, full log: " + log
                + "); fix the cause and rerun ./wpstack build --push";
        List<Step.Logged> pushes = List.of(
                new Step.Logged(
                        "",
                        List.of("docker", "push", target + ":" + version),
                        Map.of(),
                        null,
                        log,
                        false,
                        null,
                        TAIL,
                        failure,
                        diagnoses),
                new Step.Logged(
                        "",
                        List.of("docker", "push", target + ":latest"),
                        Map.of(),
                        null,
                        log,
                        true,
                        null,
                        TAIL,
                        failure,
                        diagnoses));
        return new ImagePush(name, target, version, tags, pushes);
    }

    private static String host(String registry) {
        int colon = registry.indexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }

    /** The digest (sha256:...) of TARGET among the image's REPO_DIGESTS, or "digest unknown". */
    static String digest(String target, List<String> repoDigests) {
        return repoDigests.stream()
                .filter(digest -> digest.startsWith(target + "@"))
                .map(digest -> digest.substring(digest.indexOf('@') + 1))
                .findFirst()
                .orElse("digest unknown");
    }

    /** "[2/11] pushed TARGET:VERSION in Ns (DIGEST)". */
    String pushedMessage(String progress, long seconds, String digest) {
        return "[" + progress + "] pushed " + target + ":" + version + " in " + seconds + "s (" + digest + ")";
    }
}

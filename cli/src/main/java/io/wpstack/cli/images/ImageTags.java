package io.wpstack.cli.images;

import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which image a service runs and the tags that name an image's content, as pure functions of the
 * environment, the image IDs and the tags that exist (bash: image_ref, content_tag,
 * remove_unused_image_tags, and build_local_images's rule for what is built).
 */
public final class ImageTags {
    private ImageTags() {}

    /** WPSTACK_NAME_IMAGE (dashes as underscores), e.g. WPSTACK_MYSQLD_EXPORTER_IMAGE. */
    public static String overrideVariable(String name) {
        return ("WPSTACK_" + name.toUpperCase(Locale.ROOT) + "_IMAGE").replace('-', '_');
    }

    /**
     * The image comes from elsewhere, so `up` does not build it: WPSTACK_NAME_IMAGE names another
     * image, or WPSTACK_REGISTRY says the nodes pull it from a registry.
     */
    public static boolean fromElsewhere(String name, Map<String, String> environment) {
        return !environment.getOrDefault(overrideVariable(name), "").isEmpty()
                || !environment.getOrDefault("WPSTACK_REGISTRY", "").isEmpty();
    }

    /** wpstack/NAME:id-ID, ID being the first 12 hex digits of the image ID (sha256: dropped). */
    public static String contentTag(String name, String imageId) {
        String hex = imageId.startsWith("sha256:") ? imageId.substring("sha256:".length()) : imageId;
        return "wpstack/" + name + ":id-" + hex.substring(0, Math.min(12, hex.length()));
    }

    /** Tags wpstack/NAME:latest (whose ID is IMAGE_ID) with its content tag. */
    public static Plan tagContent(String name, String imageId) {
        return tagContent("wpstack/" + name + ":latest", name, imageId);
    }

    /** Tags SOURCE (an image wpstack/NAME:TAG whose ID is IMAGE_ID) with its content tag. */
    public static Plan tagContent(String source, String name, String imageId) {
        String tag = contentTag(name, imageId);
        return Plan.of(Step.Run.of(
                "",
                List.of("docker", "tag", source, tag),
                "docker tag " + source + " " + tag + " failed; check docker image ls wpstack/" + name));
    }

    /** A reference as the service runs it, without the digest Swarm pins (IMAGE@sha256:...). */
    static String withoutDigest(String image) {
        int at = image.indexOf("@sha256:");
        return at < 0 ? image : image.substring(0, at);
    }

    /**
     * The content tags (wpstack/NAME:id-*) among TAGS (every REPOSITORY:TAG of wpstack/NAME) that no
     * service runs (SERVICE_IMAGES: docker service ls's images); a tag a service uses must stay:
     * Swarm needs it to start a new task.
     */
    public static List<String> unusedTags(List<String> tags, List<String> serviceImages) {
        Set<String> inUse = new HashSet<>();
        serviceImages.forEach(image -> inUse.add(withoutDigest(image)));
        return tags.stream()
                .filter(tag -> tag.contains(":id-"))
                .filter(tag -> !inUse.contains(tag))
                .toList();
    }

    /** docker image rm of each unused tag, failures ignored (a stopped container may still use it). */
    public static List<io.wpstack.cli.plan.Step.Logged> removeUnused(Path root, List<String> unused) {
        Path log = ImageBuild.logFile(root, "image-rm");
        return unused.stream()
                .map(tag -> io.wpstack.cli.plan.Step.Logged.ignoringFailure(List.of("docker", "image", "rm", tag), log))
                .toList();
    }
}

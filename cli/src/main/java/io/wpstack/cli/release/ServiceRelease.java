package io.wpstack.cli.release;

import io.wpstack.engine.Json;

/**
 * What one service of the stack runs and how its last update went, read from the engine's service
 * object: the image of its spec and of its previous spec (empty when it has none: never updated, or
 * rolled back by Swarm), and UpdateStatus's state, start time and message (empty when never updated);
 * DIGEST is the {@code sha256:...} Swarm pinned the image to, from a registry ("" for a local image).
 */
public record ServiceRelease(
        String service,
        String image,
        String previousImage,
        String state,
        String startedAt,
        String message,
        String digest) {

    public ServiceRelease(
            String service, String image, String previousImage, String state, String startedAt, String message) {
        this(service, image, previousImage, state, startedAt, message, "");
    }

    /** The states in which Swarm gave up on an update: rolled back, or stopped half-way. */
    private static final java.util.Set<String> FAILED =
            java.util.Set.of("rollback_completed", "rollback_paused", "paused");

    /** SERVICE (its name in the stack) as the engine's JSON for STACK_SERVICE describes it. */
    public static ServiceRelease of(String service, Json json) {
        return new ServiceRelease(
                service,
                withoutDigest(json.string("Spec", "TaskTemplate", "ContainerSpec", "Image")),
                withoutDigest(json.string("PreviousSpec", "TaskTemplate", "ContainerSpec", "Image")),
                json.string("UpdateStatus", "State"),
                json.string("UpdateStatus", "StartedAt"),
                json.string("UpdateStatus", "Message"),
                digestOf(json.string("Spec", "TaskTemplate", "ContainerSpec", "Image")));
    }

    /** The services of NAMES deployed in STACK, as the engine describes them, in NAMES' order. */
    public static java.util.List<ServiceRelease> deployed(
            io.wpstack.cli.docker.DockerReads docker, String stack, java.util.List<String> names) {
        java.util.List<ServiceRelease> releases = new java.util.ArrayList<>();
        for (String name : names) {
            docker.serviceJson(stack + "_" + name).ifPresent(json -> releases.add(of(name, json)));
        }
        return releases;
    }

    /** The image as the user named it: without the {@code @sha256:...} that deploys from a registry pin. */
    static String withoutDigest(String image) {
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at);
    }

    /** The {@code sha256:...} after the '@' of IMAGE, or "" when it has none. */
    static String digestOf(String image) {
        int at = image.indexOf('@');
        return at < 0 ? "" : image.substring(at + 1);
    }

    /** The image with its pinned digest (IMAGE@sha256:...), or the image alone when it has none. */
    public String pinned() {
        return digest.isEmpty() ? image : image + "@" + digest;
    }

    /** Swarm gave up on its last update (rolled it back, or paused it). */
    public boolean failed() {
        return FAILED.contains(state);
    }

    /** The same update as OTHER's (same state, same start): nothing happened to it since. */
    boolean sameUpdateAs(ServiceRelease other) {
        return other != null && state.equals(other.state) && startedAt.equals(other.startedAt);
    }

    /** The version part of its image (after the last ':'), or the image when it has no tag. */
    public String version() {
        return DeployRecord.tagOf(image);
    }
}

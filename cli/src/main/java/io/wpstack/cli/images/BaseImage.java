package io.wpstack.cli.images;

import io.wpstack.cli.Context;
import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The image every Dockerfile builds FROM: BASE_IMAGE when set, else what the launcher's
 * ensure_base_image (lib/images.sh: debian:trixie-slim when local or pullable, else a debootstrap
 * base, built once) chooses. Asked only when something is built, so a deploy from a registry (or on
 * another engine through DOCKER_HOST) needs no base image.
 */
final class BaseImage {
    private BaseImage() {}

    static String ensure(Context context) {
        String set = context.environment().getOrDefault("BASE_IMAGE", "");
        if (!set.isEmpty()) {
            return set;
        }
        var builder = new ProcessBuilder(List.of(
                "bash",
                "-c",
                "set -euo pipefail; source lib/core.sh; source lib/docker.sh; source lib/images.sh;"
                        + " ensure_base_image >&2; printf '%s' \"${BASE_IMAGE}\""));
        builder.directory(context.root().toFile());
        builder.environment().clear();
        builder.environment().putAll(context.environment());
        builder.environment().put("WPSTACK_ROOT", context.root().toString());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String image = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0 || image.isEmpty()) {
                throw new WpstackException("no base image to build from (above: ensure_base_image of lib/images.sh);"
                        + " set BASE_IMAGE to a Debian trixie image, or fix the cause and rerun");
            }
            return image;
        } catch (IOException e) {
            throw new WpstackException("cannot run bash for the base image: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WpstackException("interrupted while choosing the base image");
        }
    }
}

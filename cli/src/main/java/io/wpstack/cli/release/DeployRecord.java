package io.wpstack.cli.release;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code ./wpstack history}: what a deploy or a rollback left running, when, and who ran
 * it. Kept on the swarm as a Docker config (see {@link History}), so every manager reads the same
 * history; its text is "key: value" lines, one "image SERVICE: IMAGE" line per service.
 */
public record DeployRecord(
        Instant time,
        String user,
        String action,
        String environment,
        String version,
        String outcome,
        Map<String, String> images) {

    public DeployRecord {
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }

    /** Who runs this command: the user sudo was run by, else the login user, at the host. */
    public static String user(Map<String, String> environment, String host) {
        String name = environment.getOrDefault("SUDO_USER", "");
        if (name.isEmpty()) {
            name = environment.getOrDefault(
                    "USER", environment.getOrDefault("LOGNAME", System.getProperty("user.name", "unknown")));
        }
        return host.isEmpty() ? name : name + "@" + host;
    }

    /** This machine's host name, as the history names who deployed ("" when it cannot be read). */
    public static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "";
        }
    }

    /** The config's content. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append("time: ").append(time).append('\n');
        text.append("user: ").append(user).append('\n');
        text.append("action: ").append(action).append('\n');
        text.append("environment: ").append(environment).append('\n');
        text.append("version: ").append(version).append('\n');
        text.append("outcome: ").append(outcome).append('\n');
        images.forEach((service, image) ->
                text.append("image ").append(service).append(": ").append(image).append('\n'));
        return text.toString();
    }

    /** TEXT as {@link #text()} wrote it; unknown keys are skipped, missing ones are empty. */
    public static DeployRecord parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> images = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 2);
            if (key.startsWith("image ")) {
                images.put(key.substring("image ".length()), value);
            } else {
                fields.put(key, value);
            }
        }
        Instant time;
        try {
            time = Instant.parse(fields.getOrDefault("time", ""));
        } catch (java.time.DateTimeException e) {
            time = Instant.EPOCH;
        }
        return new DeployRecord(
                time,
                fields.getOrDefault("user", ""),
                fields.getOrDefault("action", ""),
                fields.getOrDefault("environment", ""),
                fields.getOrDefault("version", ""),
                fields.getOrDefault("outcome", ""),
                images);
    }

    /** The images, as "SERVICE=VERSION" words (the tag of each, the whole image when it has none). */
    public String versions() {
        return String.join(
                " ",
                images.entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + tagOf(entry.getValue()))
                        .toList());
    }

    static String tagOf(String reference) {
        String image = ServiceRelease.withoutDigest(reference);
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : image;
    }

    /** RELEASES' images, by service, each with the digest Swarm pinned it to when it has one. */
    public static Map<String, String> imagesOf(List<ServiceRelease> releases) {
        Map<String, String> images = new LinkedHashMap<>();
        releases.forEach(release -> images.put(release.service(), release.pinned()));
        return images;
    }
}

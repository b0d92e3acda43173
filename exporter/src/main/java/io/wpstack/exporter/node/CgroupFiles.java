package io.wpstack.exporter.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reading the small text files of cgroup fs and procfs: one number, or "key value" lines. */
final class CgroupFiles {
    private CgroupFiles() {}

    /** The file's text, or null when it cannot be read (the container is gone, the controller absent). */
    static String text(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }

    /** The one number in FILE; NaN when it is missing, "max" or not a number. */
    static double number(Path file) {
        String text = text(file);
        return text == null ? Double.NaN : parse(text.strip());
    }

    /** "key value" lines (cpu.stat, memory.stat, memory.events, memory.oom_control); empty when unreadable. */
    static Map<String, Double> keyValues(Path file) {
        String text = text(file);
        Map<String, Double> values = new HashMap<>();
        if (text == null) {
            return values;
        }
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int space = text.indexOf(' ', start);
            if (space > start && space < end) {
                values.put(text.substring(start, space), parse(text.substring(space + 1, end)));
            }
            start = end + 1;
        }
        return values;
    }

    static double get(Map<String, Double> values, String key) {
        return values.getOrDefault(key, Double.NaN);
    }

    static double parse(String text) {
        if (text.isEmpty() || text.equals("max")) {
            return Double.NaN;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Where dockerd put container ID's cgroup in HIERARCHY, relative to it: {@code docker/ID} (cgroupfs
     * driver), {@code system.slice/docker-ID.scope} (systemd driver), else {@code PARENT/ID} or
     * {@code PARENT/docker-ID.scope} one level down, for a daemon started with {@code --cgroup-parent}
     * (a Docker-in-Docker node's, a custom slice); null when none exists. Called once per container.
     */
    static String containerCgroup(Path hierarchy, String id) {
        for (String candidate : java.util.List.of("docker/" + id, "system.slice/docker-" + id + ".scope")) {
            if (Files.isDirectory(hierarchy.resolve(candidate))) {
                return candidate;
            }
        }
        try (var parents = Files.newDirectoryStream(hierarchy, Files::isDirectory)) {
            for (Path parent : parents) {
                for (String name : java.util.List.of(id, "docker-" + id + ".scope")) {
                    if (Files.isDirectory(parent.resolve(name))) {
                        return parent.getFileName() + "/" + name;
                    }
                }
            }
        } catch (IOException e) {
            // the hierarchy is not readable: no cgroup series for this container
        }
        return null;
    }
}

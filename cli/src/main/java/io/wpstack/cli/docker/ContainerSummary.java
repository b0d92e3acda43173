package io.wpstack.cli.docker;

import io.wpstack.engine.Json;
import java.util.List;
import java.util.Map;

/**
 * A container as GET /containers/json lists it.
 *
 * @param names its names, each with the engine's leading "/"
 */
public record ContainerSummary(String id, List<String> names, Map<String, String> labels) {
    public ContainerSummary {
        names = List.copyOf(names);
        labels = Map.copyOf(labels);
    }

    static ContainerSummary from(Json container) {
        return new ContainerSummary(container.string("Id"), container.strings("Names"), container.stringMap("Labels"));
    }

    /** docker ps's {{.ID}}: the first 12 hex digits. */
    public String shortId() {
        return DockerFormat.truncateId(id);
    }

    /**
     * docker ps's {{.Names}}: the leading "/" dropped, and only the container's own name where links gave it
     * more (NAME/ALIAS); all of them, comma-separated, where it has no plain one.
     */
    public String shownName() {
        List<String> stripped = names.stream()
                .map(name -> name.startsWith("/") ? name.substring(1) : name)
                .toList();
        return stripped.stream().filter(name -> !name.contains("/")).findFirst().orElse(String.join(",", stripped));
    }

    /** docker ps's {{.Label "KEY"}}: the label's value, "" where it has none. */
    public String label(String key) {
        return labels.getOrDefault(key, "");
    }
}

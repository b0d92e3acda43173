package io.wpstack.exporter.swarm;

import java.util.Locale;

/** A node's status as the managers see it. */
public enum NodeState {
    READY,
    DOWN,
    UNKNOWN,
    DISCONNECTED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public static NodeState fromApi(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "ready" -> READY;
            case "down" -> DOWN;
            case "disconnected" -> DISCONNECTED;
            default -> UNKNOWN;
        };
    }

    public String label() {
        return label;
    }
}

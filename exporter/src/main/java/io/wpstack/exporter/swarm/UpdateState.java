package io.wpstack.exporter.swarm;

import java.util.Locale;

/** A service's UpdateStatus.State; NONE when the service was never updated. */
public enum UpdateState {
    NONE,
    UPDATING,
    PAUSED,
    COMPLETED,
    ROLLBACK_STARTED,
    ROLLBACK_PAUSED,
    ROLLBACK_COMPLETED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public static UpdateState fromApi(String value) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }

    public String label() {
        return label;
    }
}

package io.wpstack.exporter.metrics;

import java.util.List;

/**
 * One metric family as served.
 *
 * @param name without the suffix the formats add: _total for a counter, _info for an info
 * @param samples in the order they were added
 */
public record Family(String name, Type type, String help, List<Sample> samples) {
    public enum Type {
        GAUGE,
        COUNTER,
        INFO
    }

    /**
     * @param labels name, value, name, value... sorted by label name
     * @param value 1 for an info sample
     */
    public record Sample(List<String> labels, double value) {}
}

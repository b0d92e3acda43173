package io.wpstack.exporter.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;

/** Small builders so each metric family reads as name, help, points. */
final class Families {
    private Families() {}

    /** A gauge family being filled one point at a time. */
    static final class Gauge {
        private final GaugeSnapshot.Builder builder;

        Gauge(String name, String help) {
            builder = GaugeSnapshot.builder().name(name).help(help);
        }

        Gauge add(double value, String... labels) {
            builder.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(Labels.of(labels))
                    .value(value)
                    .build());
            return this;
        }

        GaugeSnapshot build() {
            return builder.build();
        }
    }

    /** An info family; the name is given without _info, which the text format appends. */
    static final class Info {
        private final InfoSnapshot.Builder builder;

        Info(String name, String help) {
            builder = InfoSnapshot.builder().name(name).help(help);
        }

        Info add(String... labels) {
            builder.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                    .labels(Labels.of(labels))
                    .build());
            return this;
        }

        InfoSnapshot build() {
            return builder.build();
        }
    }

    /** A counter family; the name is given without _total, which the text format appends. */
    static final class Counter {
        private final CounterSnapshot.Builder builder;

        Counter(String name, String help) {
            builder = CounterSnapshot.builder().name(name).help(help);
        }

        Counter add(double value, String... labels) {
            builder.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(Labels.of(labels))
                    .value(value)
                    .build());
            return this;
        }

        CounterSnapshot build() {
            return builder.build();
        }
    }

    static double bool(boolean value) {
        return value ? 1 : 0;
    }

    static <T> List<T> concat(List<? extends T> first, List<? extends T> second) {
        List<T> result = new ArrayList<>(first);
        result.addAll(second);
        return result;
    }
}

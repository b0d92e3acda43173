package io.wpstack.exporter.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small builders so each metric family reads as name, help, samples. */
final class Families {
    private Families() {}

    /** A family being filled one sample at a time. */
    abstract static sealed class Builder permits Gauge, Counter, Info {
        private final String name;
        private final Family.Type type;
        private final String help;
        private final List<Family.Sample> samples = new ArrayList<>();

        Builder(String name, Family.Type type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        void sample(double value, String... labels) {
            samples.add(new Family.Sample(sortedByName(labels), value));
        }

        Family build() {
            return new Family(name, type, help, samples);
        }
    }

    static final class Gauge extends Builder {
        Gauge(String name, String help) {
            super(name, Family.Type.GAUGE, help);
        }

        Gauge add(double value, String... labels) {
            sample(value, labels);
            return this;
        }
    }

    /** An info family; the name is given without _info, which the formats append. */
    static final class Info extends Builder {
        Info(String name, String help) {
            super(name, Family.Type.INFO, help);
        }

        Info add(String... labels) {
            sample(1, labels);
            return this;
        }
    }

    /** A counter family; the name is given without _total, which the formats append. */
    static final class Counter extends Builder {
        Counter(String name, String help) {
            super(name, Family.Type.COUNTER, help);
        }

        Counter add(double value, String... labels) {
            sample(value, labels);
            return this;
        }
    }

    static double bool(boolean value) {
        return value ? 1 : 0;
    }

    /** Label pairs sorted by name (insertion sort: a sample has one to six labels). */
    static List<String> sortedByName(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs: " + Arrays.toString(pairs));
        }
        String[] sorted = pairs.clone();
        for (int i = 2; i < sorted.length; i += 2) {
            String name = sorted[i];
            String value = sorted[i + 1];
            int j = i - 2;
            while (j >= 0 && sorted[j].compareTo(name) > 0) {
                sorted[j + 2] = sorted[j];
                sorted[j + 3] = sorted[j + 1];
                j -= 2;
            }
            sorted[j + 2] = name;
            sorted[j + 3] = value;
        }
        return Arrays.asList(sorted);
    }
}

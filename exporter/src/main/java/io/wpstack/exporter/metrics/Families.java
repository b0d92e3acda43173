package io.wpstack.exporter.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small builders so each metric family reads as name, help, samples; both modes build their families with them. */
public final class Families {
    private Families() {}

    /** A family being filled one sample at a time. */
    public abstract static sealed class Builder permits Gauge, Counter, Info {
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

        public Family build() {
            return new Family(name, type, help, samples);
        }
    }

    public static final class Gauge extends Builder {
        public Gauge(String name, String help) {
            super(name, Family.Type.GAUGE, help);
        }

        public Gauge add(double value, String... labels) {
            sample(value, labels);
            return this;
        }

        /** Adds the sample unless VALUE is NaN: a value the host does not give is left out. */
        public Gauge addIfRead(double value, String... labels) {
            return Double.isNaN(value) ? this : add(value, labels);
        }
    }

    /** An info family; the name is given without _info, which the formats append. */
    public static final class Info extends Builder {
        public Info(String name, String help) {
            super(name, Family.Type.INFO, help);
        }

        public Info add(String... labels) {
            sample(1, labels);
            return this;
        }
    }

    /** A counter family; the name is given without _total, which the formats append. */
    public static final class Counter extends Builder {
        public Counter(String name, String help) {
            super(name, Family.Type.COUNTER, help);
        }

        public Counter add(double value, String... labels) {
            sample(value, labels);
            return this;
        }

        /** Adds the sample unless VALUE is NaN: a value the host does not give is left out. */
        public Counter addIfRead(double value, String... labels) {
            return Double.isNaN(value) ? this : add(value, labels);
        }
    }

    public static double bool(boolean value) {
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

package io.wpstack.exporter.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes metric families in the Prometheus text format 0.0.4 or in OpenMetrics 1.0, the two
 * formats Prometheus negotiates. Families are written sorted by name, samples in the order they
 * were added; a family without samples is left out. (client_java's writers, used before, sorted every sample by its labels and
 * validated every label name on every scrape: half the time of a scrape at 1,000 services.)
 */
public final class Exposition {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final List<String> RESERVED_SUFFIXES = List.of("_total", "_created", "_bucket", "_info");

    private Exposition() {}

    public enum Format {
        TEXT("text/plain; version=0.0.4; charset=utf-8"),
        OPEN_METRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }

        /** OpenMetrics when the Accept header asks for it (as Prometheus does), else text. */
        public static Format negotiate(String accept) {
            return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                    ? OPEN_METRICS
                    : TEXT;
        }
    }

    /**
     * A name both formats can serve as a family of its own: legacy characters only, and no suffix
     * that the formats reserve for counters, infos and histograms.
     */
    public static boolean isServableName(String name) {
        return METRIC_NAME.matcher(name).matches() && RESERVED_SUFFIXES.stream().noneMatch(name::endsWith);
    }

    public static byte[] write(List<Family> families, Format format) {
        List<Family> sorted = new ArrayList<>(families);
        sorted.sort(Comparator.comparing(Family::name));
        StringBuilder out = new StringBuilder(4096);
        for (Family family : sorted) {
            if (family.samples().isEmpty()) {
                continue; // as client_java did: no samples, no HELP or TYPE either
            }
            if (format == Format.OPEN_METRICS) {
                writeOpenMetrics(family, out);
            } else {
                writeText(family, out);
            }
        }
        if (format == Format.OPEN_METRICS) {
            out.append("# EOF\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeText(Family family, StringBuilder out) {
        String name = sampleName(family);
        out.append("# HELP ").append(name).append(' ');
        escape(family.help(), false, out);
        out.append("\n# TYPE ").append(name).append(family.type() == Family.Type.COUNTER ? " counter\n" : " gauge\n");
        writeSamples(family, name, out);
    }

    private static void writeOpenMetrics(Family family, StringBuilder out) {
        out.append("# TYPE ").append(family.name()).append(' ');
        out.append(
                switch (family.type()) {
                    case GAUGE -> "gauge";
                    case COUNTER -> "counter";
                    case INFO -> "info";
                });
        out.append("\n# HELP ").append(family.name()).append(' ');
        escape(family.help(), true, out);
        out.append('\n');
        writeSamples(family, sampleName(family), out);
    }

    private static String sampleName(Family family) {
        return switch (family.type()) {
            case GAUGE -> family.name();
            case COUNTER -> family.name() + "_total";
            case INFO -> family.name() + "_info";
        };
    }

    private static void writeSamples(Family family, String name, StringBuilder out) {
        for (Family.Sample sample : family.samples()) {
            out.append(name);
            List<String> labels = sample.labels();
            if (!labels.isEmpty()) {
                out.append('{');
                for (int i = 0; i < labels.size(); i += 2) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(labels.get(i)).append("=\"");
                    escape(labels.get(i + 1), true, out);
                    out.append('"');
                }
                out.append('}');
            }
            out.append(' ');
            if (family.type() == Family.Type.INFO) {
                out.append('1');
            } else {
                value(sample.value(), out);
            }
            out.append('\n');
        }
    }

    /** As Double.toString, which client_java wrote, with Prometheus's names for the infinities. */
    static void value(double value, StringBuilder out) {
        if (value == Double.POSITIVE_INFINITY) {
            out.append("+Inf");
        } else if (value == Double.NEGATIVE_INFINITY) {
            out.append("-Inf");
        } else if (value == (long) value && Math.abs(value) < 1e7 && !(value == 0 && 1 / value < 0)) {
            // Double.toString of an integer below 10^7 is the integer and ".0"; this skips its cost.
            out.append((long) value).append(".0");
        } else {
            out.append(value);
        }
    }

    /** Backslash and newline always; the double quote in label values and OpenMetrics help. */
    private static void escape(String text, boolean quote, StringBuilder out) {
        if (text.indexOf('\\') < 0 && text.indexOf('\n') < 0 && (!quote || text.indexOf('"') < 0)) {
            out.append(text); // the common case, copied whole
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}

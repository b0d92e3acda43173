package io.wpstack.exporter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpositionTest {
    private static final List<Family> FAMILIES = List.of(
            new Families.Gauge("zeta_replicas", "Replicas.")
                    .add(3, "stack", "shop", "service", "shop_web")
                    .add(0.25, "stack", "", "service", "odd\"name\\with\nnewline")
                    .build(),
            new Families.Counter("alpha_failures", "Failures \\ since\nstart \"quoted\".")
                    .add(12, "service", "a")
                    .build(),
            new Families.Info("beta_build", "Build.").add("version", "1.0").build(),
            new Families.Gauge("empty", "No samples: not written.").build(),
            new Families.Gauge("gamma_up", "Up.").add(1).build());

    @Test
    void textFormatAsClientJavaWroteIt() {
        assertEquals("""
                # HELP alpha_failures_total Failures \\\\ since\\nstart "quoted".
                # TYPE alpha_failures_total counter
                alpha_failures_total{service="a"} 12.0
                # HELP beta_build_info Build.
                # TYPE beta_build_info gauge
                beta_build_info{version="1.0"} 1
                # HELP gamma_up Up.
                # TYPE gamma_up gauge
                gamma_up 1.0
                # HELP zeta_replicas Replicas.
                # TYPE zeta_replicas gauge
                zeta_replicas{service="shop_web",stack="shop"} 3.0
                zeta_replicas{service="odd\\"name\\\\with\\nnewline",stack=""} 0.25
                """, text(Exposition.Format.TEXT));
    }

    @Test
    void openMetricsNamesTypesAndEnds() {
        assertEquals("""
                # TYPE alpha_failures counter
                # HELP alpha_failures Failures \\\\ since\\nstart \\"quoted\\".
                alpha_failures_total{service="a"} 12.0
                # TYPE beta_build info
                # HELP beta_build Build.
                beta_build_info{version="1.0"} 1
                # TYPE gamma_up gauge
                # HELP gamma_up Up.
                gamma_up 1.0
                # TYPE zeta_replicas gauge
                # HELP zeta_replicas Replicas.
                zeta_replicas{service="shop_web",stack="shop"} 3.0
                zeta_replicas{service="odd\\"name\\\\with\\nnewline",stack=""} 0.25
                # EOF
                """, text(Exposition.Format.OPEN_METRICS));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0.0",
        "-0.0, -0.0",
        "3, 3.0",
        "-2, -2.0",
        "9999999, 9999999.0",
        "10000000, 1.0E7",
        "0.001, 0.001",
        "1.5E-9, 1.5E-9",
        "NaN, NaN",
        "Infinity, +Inf",
        "-Infinity, -Inf"
    })
    void valuesAreWrittenAsDoubleToStringWithPrometheusInfinities(double value, String written) {
        StringBuilder out = new StringBuilder();
        Exposition.value(value, out);
        assertEquals(written, out.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1', OPEN_METRICS",
        "'text/plain;version=0.0.4', TEXT",
        "'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited', TEXT",
        "'*/*', TEXT",
        "'', TEXT"
    })
    void negotiatesOpenMetricsOnlyWhenAskedFor(String accept, Exposition.Format expected) {
        assertEquals(expected, Exposition.Format.negotiate(accept));
    }

    @Test
    void servableNamesExcludeReservedSuffixesAndForeignCharacters() {
        assertTrue(Exposition.isServableName("live_shop_web"));
        assertTrue(Exposition.isServableName("desired_a:b"));
        assertFalse(Exposition.isServableName("live_x_total"));
        assertFalse(Exposition.isServableName("desired_x_info"));
        assertFalse(Exposition.isServableName("live_shop-web"));
        assertFalse(Exposition.isServableName("9live"));
    }

    @Test
    void labelsComeInPairs() {
        assertThrows(IllegalArgumentException.class, () -> new Families.Gauge("x", "X.").add(1, "service"));
    }

    private static String text(Exposition.Format format) {
        return new String(Exposition.write(FAMILIES, format), StandardCharsets.UTF_8);
    }
}

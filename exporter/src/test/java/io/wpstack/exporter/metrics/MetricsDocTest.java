package io.wpstack.exporter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.wpstack.exporter.collect.Collection;
import io.wpstack.exporter.docker.ApiRequestCounter;
import io.wpstack.exporter.swarm.SwarmState;
import io.wpstack.exporter.swarm.TaskFailures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/metrics.md is the contract: every metric the code emits is there, with its type and labels. */
class MetricsDocTest {
    private static final Path DOC = Path.of("../docs/metrics.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_<>]+)` \\| (\\w+) \\|([^|]*)\\|");

    record Family(String type, Set<String> labels) {}

    @Test
    void everyEmittedMetricIsDocumentedAndEveryDocumentedMetricIsEmitted() throws IOException {
        assertEquals(documented(), emitted());
    }

    private static Map<String, Family> documented() throws IOException {
        Map<String, Family> result = new TreeMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Set<String> labels = new TreeSet<>();
                for (String label : row.group(3).split(",")) {
                    if (!label.isBlank()) {
                        labels.add(label.strip().replace("`", ""));
                    }
                }
                result.put(row.group(1), new Family(row.group(2), labels));
            }
        }
        return result;
    }

    private static Map<String, Family> emitted() throws IOException {
        SwarmState state = GoldenCasesTest.read(Path.of("src/test/resources/cases/single-node"));
        List<MetricSnapshot> snapshots =
                new ArrayList<>(SwarmMetrics.snapshots(state, new TaskFailures().observe(state), true));
        ApiRequestCounter requests = new ApiRequestCounter();
        requests.record("services", "success");
        snapshots.addAll(ExporterMetrics.snapshots(
                new Collection.Success(state, Instant.EPOCH, Duration.ofMillis(5)), requests, "test"));
        Map<String, Family> result = new TreeMap<>();
        for (MetricSnapshot snapshot : snapshots) {
            String name = snapshot.getMetadata().getPrometheusName();
            if (name.startsWith("live_") || name.startsWith("desired_")) {
                name = name.substring(0, name.indexOf('_') + 1) + "<name>";
            }
            String type =
                    switch (snapshot) {
                        case CounterSnapshot c -> {
                            name += "_total";
                            yield "counter";
                        }
                        case InfoSnapshot i -> {
                            name += "_info";
                            yield "info";
                        }
                        default -> "gauge";
                    };
            Set<String> labels = new TreeSet<>();
            for (DataPointSnapshot point : snapshot.getDataPoints()) {
                point.getLabels().forEach(label -> labels.add(label.getName()));
            }
            result.put(name, new Family(type, labels));
        }
        return result;
    }
}

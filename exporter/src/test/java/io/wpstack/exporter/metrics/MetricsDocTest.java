package io.wpstack.exporter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wpstack.exporter.collect.Collection;
import io.wpstack.exporter.docker.ApiRequestCounter;
import io.wpstack.exporter.node.ContainerFamilies;
import io.wpstack.exporter.node.NodeFixtures;
import io.wpstack.exporter.swarm.SwarmState;
import io.wpstack.exporter.swarm.TaskFailures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    record Entry(String type, Set<String> labels) {}

    @Test
    void everyEmittedMetricIsDocumentedAndEveryDocumentedMetricIsEmitted() throws IOException {
        assertEquals(documented(), emitted());
    }

    private static Map<String, Entry> documented() throws IOException {
        Map<String, Entry> result = new TreeMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Set<String> labels = new TreeSet<>();
                for (String label : row.group(3).split(",")) {
                    if (!label.isBlank()) {
                        labels.add(label.strip().replace("`", ""));
                    }
                }
                result.put(row.group(1), new Entry(row.group(2), labels));
            }
        }
        return result;
    }

    private static Map<String, Entry> emitted() throws IOException {
        SwarmState state = GoldenCasesTest.read(Path.of("src/test/resources/cases/single-node"));
        List<Family> families = new ArrayList<>(SwarmMetrics.families(state, new TaskFailures().observe(state), true));
        ApiRequestCounter requests = new ApiRequestCounter();
        requests.record("services", "success");
        families.addAll(
                ExporterMetrics.families(new Collection.Success(state, Duration.ofMillis(5)), requests, "test"));
        // the node mode's families, over the fixture node that has every kind of series
        families.addAll(ContainerFamilies.families(NodeFixtures.scrape("v2")));
        Map<String, Entry> result = new TreeMap<>();
        for (Family family : families) {
            String name = family.name();
            if (name.startsWith("live_") || name.startsWith("desired_")) {
                name = name.substring(0, name.indexOf('_') + 1) + "<name>";
            }
            String type =
                    switch (family.type()) {
                        case COUNTER -> {
                            name += "_total";
                            yield "counter";
                        }
                        case INFO -> {
                            name += "_info";
                            yield "info";
                        }
                        case GAUGE -> "gauge";
                    };
            Set<String> labels = new TreeSet<>();
            for (Family.Sample sample : family.samples()) {
                for (int i = 0; i < sample.labels().size(); i += 2) {
                    labels.add(sample.labels().get(i));
                }
            }
            result.put(name, new Entry(type, labels));
        }
        return result;
    }
}

package io.wpstack.cli.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every alert rule owes beside its expression: promtool cases that see it fire and stay silent
 * (run by {@link MonitoringChecks}), a row in docs/operations.md, and for the node and container
 * alerts a runbook line and the node's host name.
 */
class AlertRulesTest {
    private static final Path ROOT = MonitoringChecksTest.root();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path RULES = ROOT.resolve("config/prometheus/rules");
    private static final Path TESTS = ROOT.resolve("config/prometheus/tests");

    /** The alert rules of config/prometheus/rules/NAME. */
    private static List<JsonNode> alerts(String name) throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.resolve(name).toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(rule);
                }
            }
        }
        return alerts;
    }

    @Test
    void everyAlertHasAPromtoolCaseFiringAndOneSilent() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String file : MonitoringChecks.names(RULES, ".yml")) {
            String test = file.replaceFirst("\\.yml$", "_test.yml");
            JsonNode cases = Files.isRegularFile(TESTS.resolve(test))
                    ? YAML.readTree(TESTS.resolve(test).toFile()).path("tests")
                    : YAML.createArrayNode();
            for (JsonNode alert : alerts(file)) {
                String name = alert.path("alert").asText();
                boolean fires = false;
                boolean silent = false;
                for (JsonNode testCase : cases) {
                    for (JsonNode eval : testCase.path("alert_rule_test")) {
                        if (name.equals(eval.path("alertname").asText())) {
                            fires |= !eval.path("exp_alerts").isEmpty();
                            silent |= eval.path("exp_alerts").isEmpty();
                        }
                    }
                }
                // The Watchdog always fires: that is its point.
                if (!fires || (!silent && !name.equals("Watchdog"))) {
                    missing.add(name + " (tests/" + test + ": " + (fires ? "" : "no firing case ")
                            + (silent ? "" : "no silent case") + ")");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyAlertHasARowInOperations() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/operations.md"));
        List<String> missing = new ArrayList<>();
        for (String file : MonitoringChecks.names(RULES, ".yml")) {
            for (JsonNode alert : alerts(file)) {
                String name = alert.path("alert").asText();
                if (!doc.contains("| `" + name + "` |")) {
                    missing.add(name);
                }
            }
        }
        assertEquals(List.of(), missing, "alerts without a row in the table of docs/operations.md");
    }

    @Test
    void nodeAndContainerAlertsHaveARunbookLineAndNameTheNode() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/operations.md"));
        List<String> missing = new ArrayList<>();
        for (String file : List.of("nodes.yml", "containers.yml")) {
            for (JsonNode alert : alerts(file)) {
                String name = alert.path("alert").asText();
                if (!doc.contains("- **`" + name + "`**: ")) {
                    missing.add(name + ": no runbook line in docs/operations.md");
                }
                String annotations = alert.path("annotations").toString();
                if (!annotations.contains("$labels.node") && !annotations.contains(".Labels.node")) {
                    missing.add(name + ": no node host name in its annotations");
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}

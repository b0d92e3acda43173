package io.wpstack.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model as the repository's compose files give it. */
class StacksTest {
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(Stacks.WORDPRESS))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no " + Stacks.WORDPRESS + " above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theEdgeCaddyPublishesHttpAndAdminerAndWithTlsHttps() {
        assertEquals(List.of("HTTP_PORT", "ADMINER_PORT"), Stacks.edgePortSettings(root(), false));
        assertEquals(List.of("HTTP_PORT", "ADMINER_PORT", "HTTPS_PORT"), Stacks.edgePortSettings(root(), true));
        assertEquals(
                List.of("HTTP_PORT", "ADMINER_PORT"),
                Stacks.wordpress(root()).service("caddy").publishedPortSettings());
    }

    @Test
    void caddyMonitoringPublishesTheFourMonitoringPorts() {
        assertEquals(
                List.of("GRAFANA_PORT", "PROMETHEUS_PORT", "ALERTMANAGER_PORT", "BLACKBOX_PORT"),
                Stacks.monitoringPortSettings(root()));
    }

    @Test
    void theWordpressStackRunsFourImagesOfOursCronSharingWordpresss() {
        assertEquals(
                List.of("wordpress", "mariadb", "adminer", "backup", "caddy"),
                Stacks.wordpress(root()).builtImages());
        assertEquals(
                Stacks.wordpress(root()).service("wordpress").image(),
                Stacks.wordpress(root()).service("cron").image());
    }

    @Test
    void aFixedOrMissingPublishedPortNamesNoSetting() {
        var service = new StackFile.Service("x", "", List.of("8080", "${HTTP_PORT:-80}", ""));
        assertEquals(List.of("HTTP_PORT"), service.publishedPortSettings());
    }

    @Test
    void prometheusScrapesTheseJobsAndEachServiceItFindsIsOneOfTheStacks() {
        ScrapeJobs scrapes = ScrapeJobs.read(root());
        assertEquals(
                List.of(
                        "prometheus",
                        "alertmanager",
                        "docker-exporter",
                        "node-exporter",
                        "container-exporter",
                        "caddy",
                        "caddy-monitoring",
                        "mysqld-exporter",
                        "backup",
                        "grafana",
                        "blackbox",
                        "probe"),
                scrapes.names());
        List<String> services =
                new java.util.ArrayList<>(Stacks.wordpress(root()).serviceNames());
        services.addAll(Stacks.monitoring(root()).serviceNames());
        for (String service : scrapes.services()) {
            org.junit.jupiter.api.Assertions.assertTrue(
                    services.contains(service), ScrapeJobs.FILE + " scrapes tasks." + service + ", no service");
        }
        assertEquals(
                new ScrapeJobs.Job("caddy", java.util.Optional.of("caddy"), 9180),
                scrapes.jobs().get(5));
        assertEquals(
                new ScrapeJobs.Job("node-exporter", java.util.Optional.of("node-exporter"), 9100),
                scrapes.jobs().get(3));
    }

    /**
     * Prometheus loads rules/*.yml and Grafana its dashboards folder, but only the files the stack
     * mounts as configs get there: a rule file or dashboard left out of stacks/monitoring.yml is
     * checked by ./wpstack test and never deployed.
     */
    @Test
    void everyRuleFileAndDashboardIsMountedIntoPrometheusAndGrafana() throws IOException {
        JsonNode stack = new ObjectMapper(new YAMLFactory())
                .readTree(root().resolve(Stacks.MONITORING).toFile());
        assertEquals(
                List.of(), unmounted(stack, "prometheus", "config/prometheus/rules", ".yml", "/etc/prometheus/rules/"));
        assertEquals(
                List.of(),
                unmounted(stack, "grafana", "config/grafana/dashboards", ".json", "/etc/grafana/dashboards/"));
    }

    /** The files of DIR (ending in SUFFIX) that SERVICE does not get at TARGET_DIR + their name from their config. */
    private static List<String> unmounted(JsonNode stack, String service, String dir, String suffix, String targetDir)
            throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(root().resolve(dir))) {
            for (String name : files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(suffix))
                    .sorted()
                    .toList()) {
                String file = "../" + dir + "/" + name;
                boolean mounted = false;
                for (JsonNode mount : stack.path("services").path(service).path("configs")) {
                    JsonNode config =
                            stack.path("configs").path(mount.path("source").asText());
                    mounted |= file.equals(config.path("file").asText())
                            && (targetDir + name).equals(mount.path("target").asText());
                }
                if (!mounted) {
                    missing.add(dir + "/" + name);
                }
            }
        }
        return missing;
    }
}

package io.wpstack.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}

package io.wpstack.cli.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.deploy.Credentials;
import io.wpstack.cli.deploy.PortHolders;
import io.wpstack.cli.deploy.Ports;
import io.wpstack.cli.deploy.Settings;
import io.wpstack.cli.deploy.StackVariables;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MonitoringDeployTest {
    private static final Path ROOT = Repo.root();
    private static final Path CREDENTIALS_FILE = Path.of("/home/u/.config/wpstack/credentials");
    private static final Credentials CREDENTIALS = new Credentials(Map.of(
            "lb_admin_user", "admin-abc123",
            "lb_admin_pass", "p1",
            "wp_db_pass", "p2",
            "db_root_pass", "p3",
            "wp_admin_user", "admin-wp",
            "wp_admin_pass", "p4",
            "grafana_viewer_pass", "viewer-secret"));
    private static final String NO_WEBHOOK_HASH = "cf0a8ed2e265";

    /** Nothing listens anywhere. */
    private static final PortHolders FREE = new PortHolders() {
        @Override
        public boolean listening(int port) {
            return false;
        }

        @Override
        public Optional<String> process(int port) {
            return Optional.empty();
        }
    };

    private static StackVariables.Images images(Map<String, String> process) {
        return new StackVariables.Images(process, "0.1.0", name -> "wpstack/" + name + ":id-0123456789ab");
    }

    private static MonitoringDeploy.Request request(Settings settings, String stack, Map<String, String> process) {
        return new MonitoringDeploy.Request(
                settings,
                stack,
                "wpstack",
                ROOT,
                CREDENTIALS,
                images(process),
                Map.of("CADDY_IMAGE", "wpstack/caddy:id-0123456789ab", "SECRET_PREFIX", "", "LOG_LEVEL", "WARN"));
    }

    private static MonitoringDeploy.Deployment production(FakeMonitoringReads reads) {
        return MonitoringDeploy.plan(request(Repo.settings("production", Map.of()), "monitoring", Map.of()), reads);
    }

    private static void check(Settings settings, String stack, FakeMonitoringReads reads, PortHolders holders) {
        MonitoringDeploy.checkBeforeUp(
                settings,
                stack,
                "wpstack",
                ROOT,
                CREDENTIALS,
                CREDENTIALS_FILE,
                reads,
                Ports.Publishers.none(),
                holders);
    }

    private static List<Step.Run> runs(Plan plan) {
        return plan.steps().stream()
                .filter(Step.Run.class::isInstance)
                .map(Step.Run.class::cast)
                .toList();
    }

    private static List<String> messages(Plan plan, Class<? extends Step> kind) {
        return plan.steps().stream()
                .filter(kind::isInstance)
                .map(Step::description)
                .toList();
    }

    // --- checkBeforeUp ---

    @Test
    void checkBeforeUpPassesForProductionOnAFreshSwarm() {
        check(Repo.settings("production", Map.of()), "monitoring", new FakeMonitoringReads(), FREE);
    }

    @Test
    void checkBeforeUpRefusesTheWordPressStacksName() {
        var error = assertThrows(
                WpstackException.class,
                () -> check(Repo.settings("production", Map.of()), "wpstack", new FakeMonitoringReads(), FREE));
        assertEquals(
                "the monitoring stack and the WordPress stack are both named wpstack; set WPSTACK_MONITORING_STACK"
                        + " to another name",
                error.getMessage());
    }

    @Test
    void checkBeforeUpRefusesAnUnusableStackName() {
        var error = assertThrows(
                WpstackException.class,
                () -> check(Repo.settings("production", Map.of()), "Mon", new FakeMonitoringReads(), FREE));
        assertEquals(
                "WPSTACK_MONITORING_STACK=Mon is not a usable stack name; use lower-case letters, digits, - and _"
                        + " (at most 31)",
                error.getMessage());
    }

    @Test
    void checkBeforeUpRefusesAnAlertmanagerConfigThatIsNotAFile() {
        Settings settings = Repo.settings("production", Map.of("WPSTACK_ALERTMANAGER_CONFIG", "nope.yml"));
        var error = assertThrows(
                WpstackException.class, () -> check(settings, "monitoring", new FakeMonitoringReads(), FREE));
        assertEquals(
                "ALERTMANAGER_CONFIG=nope.yml is not a file of config/alertmanager/; fix it in the environment"
                        + " variable WPSTACK_ALERTMANAGER_CONFIG",
                error.getMessage());
    }

    @Test
    void checkBeforeUpRefusesAPortOfTheWordPressStack() {
        Settings settings = Repo.settings("production", Map.of("WPSTACK_GRAFANA_PORT", "443"));
        var error = assertThrows(
                WpstackException.class, () -> check(settings, "monitoring", new FakeMonitoringReads(), FREE));
        assertEquals(
                "GRAFANA_PORT=443 is also a port of the WordPress stack; choose another (WPSTACK_GRAFANA_PORT)",
                error.getMessage());
    }

    @Test
    void checkBeforeUpRefusesAPortAnotherProcessHolds() {
        PortHolders busy = new PortHolders() {
            @Override
            public boolean listening(int port) {
                return port == 9090;
            }

            @Override
            public Optional<String> process(int port) {
                return Optional.of("prometheus (pid 42)");
            }
        };
        var error = assertThrows(
                WpstackException.class,
                () -> check(Repo.settings("production", Map.of()), "monitoring", new FakeMonitoringReads(), busy));
        assertEquals(
                "port 9090 is already in use by prometheus (pid 42); stop it, or choose another port"
                        + " (WPSTACK_PROMETHEUS_PORT)",
                error.getMessage());
    }

    @Test
    void checkBeforeUpRefusesAViewerSecretWhoseValueIsNotOnFile() {
        var reads = new FakeMonitoringReads();
        reads.secrets.add("mon2_grafana_viewer_pass");
        var error = assertThrows(
                WpstackException.class,
                () -> MonitoringDeploy.checkBeforeUp(
                        Repo.settings("production", Map.of()),
                        "mon2",
                        "wpstack",
                        ROOT,
                        Credentials.none(),
                        CREDENTIALS_FILE,
                        reads,
                        Ports.Publishers.none(),
                        FREE));
        assertEquals(
                "the Docker secret mon2_grafana_viewer_pass exists but its value is not in " + CREDENTIALS_FILE
                        + "; add the line grafana_viewer_pass=VALUE there, or remove the secret (docker secret rm"
                        + " mon2_grafana_viewer_pass) to have a new one generated",
                error.getMessage());
    }

    @Test
    void theStackNameDefaultsToMonitoringAlsoWhenEmpty() {
        assertEquals("monitoring", MonitoringDeploy.stackName(Map.of()));
        assertEquals("monitoring", MonitoringDeploy.stackName(Map.of("WPSTACK_MONITORING_STACK", "")));
        assertEquals("mon2", MonitoringDeploy.stackName(Map.of("WPSTACK_MONITORING_STACK", "mon2")));
    }

    // --- plan ---

    @Test
    void aFirstDeployCreatesBothSecretsWithTheirValuesOnStandardInput() {
        MonitoringDeploy.Deployment deployment = production(new FakeMonitoringReads());

        List<Step.Run> runs = runs(deployment.plan());
        assertEquals(
                List.of(
                        List.of(
                                "docker",
                                "secret",
                                "create",
                                "--label",
                                "io.wpstack.stack=monitoring",
                                "grafana_viewer_pass",
                                "-"),
                        List.of(
                                "docker",
                                "secret",
                                "create",
                                "--label",
                                "io.wpstack.stack=monitoring",
                                "--label",
                                "io.wpstack.content=" + NO_WEBHOOK_HASH,
                                "alert_webhook_url",
                                "-")),
                runs.subList(0, 2).stream().map(Step.Run::argv).toList());
        assertEquals("viewer-secret", runs.get(0).input());
        assertEquals(MonitoringDeploy.NO_WEBHOOK_URL, runs.get(1).input());
        assertEquals(
                List.of("created secret grafana_viewer_pass", "created secret alert_webhook_url"),
                messages(deployment.plan(), Step.Info.class).subList(0, 2));
        assertEquals(
                List.of("no ALERT_WEBHOOK_URL: alerts go nowhere (set it in stacks/env/production.env, or"
                        + " WPSTACK_ALERT_WEBHOOK_URL for one run, and rerun ./wpstack up --env production)"),
                messages(deployment.plan(), Step.Warn.class));
    }

    @Test
    void aRedeployWithTheSameUrlKeepsBothSecrets() {
        var reads = new FakeMonitoringReads();
        reads.secrets.addAll(Set.of("grafana_viewer_pass", "alert_webhook_url"));
        reads.labels.put("alert_webhook_url io.wpstack.content", NO_WEBHOOK_HASH);

        MonitoringDeploy.Deployment deployment = production(reads);

        assertEquals(
                List.of("docker", "stack", "deploy"),
                deployment.plan().commands().getFirst().subList(0, 3));
        assertEquals(1, deployment.plan().commands().size());
        assertTrue(messages(deployment.plan(), Step.Warn.class).isEmpty());
    }

    @Test
    void aChangedWebhookUrlTakesTheSecretFromAlertmanagerAndReplacesIt() {
        var reads = new FakeMonitoringReads();
        reads.secrets.addAll(Set.of("grafana_viewer_pass", "alert_webhook_url"));
        reads.labels.put("alert_webhook_url io.wpstack.content", NO_WEBHOOK_HASH);
        reads.services.add("monitoring_alertmanager");
        Settings settings = Repo.settings("production", Map.of("WPSTACK_ALERT_WEBHOOK_URL", "https://hooks.example/x"));

        Plan plan = MonitoringDeploy.webhookSecret(settings, "monitoring", reads);

        String hash = ContentHash.of("https://hooks.example/x\n");
        assertEquals(
                List.of(
                        List.of(
                                "docker",
                                "service",
                                "update",
                                "--detach",
                                "--secret-rm",
                                "alert_webhook_url",
                                "monitoring_alertmanager"),
                        List.of("docker", "secret", "rm", "alert_webhook_url"),
                        List.of(
                                "docker",
                                "secret",
                                "create",
                                "--label",
                                "io.wpstack.stack=monitoring",
                                "--label",
                                "io.wpstack.content=" + hash,
                                "alert_webhook_url",
                                "-")),
                plan.commands());
        assertEquals("https://hooks.example/x", runs(plan).get(2).input());
        assertEquals(
                List.of(
                        "the alert webhook URL changed: replacing the secret alert_webhook_url",
                        "created secret alert_webhook_url"),
                messages(plan, Step.Info.class));
        assertTrue(messages(plan, Step.Warn.class).isEmpty());
    }

    @Test
    void aWebhookSecretWithoutAlertmanagerIsReplacedWithoutAServiceUpdate() {
        var reads = new FakeMonitoringReads();
        reads.secrets.add("alert_webhook_url");

        Plan plan = MonitoringDeploy.webhookSecret(Repo.settings("production", Map.of()), "monitoring", reads);

        assertEquals(
                List.of("docker", "secret", "rm", "alert_webhook_url"),
                plan.commands().getFirst());
    }

    @Test
    void theDeployGetsTheBashsVariablesOverTheWordPressStacksAndTheConfigNamesFollowTheHashes() {
        MonitoringDeploy.Deployment deployment = production(new FakeMonitoringReads());

        Path probes = ROOT.resolve(".wpstack/monitoring/monitoring-probes-production.yml");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("MONITORING_STACK", "monitoring");
        expected.put("MONITORING_SECRET_PREFIX", "");
        expected.put("SECRET_PREFIX", "");
        expected.put("WPSTACK_NETWORK", "wpstack_backend");
        expected.put("ALERTMANAGER_CONFIG", "alertmanager.yml");
        expected.put("PROBE_TARGETS_FILE", probes.toString());
        expected.put("PROBE_TARGETS_HASH", "80e4a4736596");
        expected.put(
                "PROMETHEUS_CONFIG_HASH",
                ContentHash.ofFiles(ROOT, "config/prometheus/prometheus.yml", "config/prometheus/rules"));
        expected.put("ALERTMANAGER_CONFIG_HASH", ContentHash.ofFiles(ROOT, "config/alertmanager/alertmanager.yml"));
        expected.put("BLACKBOX_CONFIG_HASH", ContentHash.ofFiles(ROOT, "config/blackbox"));
        expected.put("GRAFANA_CONFIG_HASH", ContentHash.ofFiles(ROOT, "config/grafana"));
        expected.put("CADDY_MONITORING_HASH", ContentHash.ofFiles(ROOT, "config/caddy/Caddyfile.monitoring"));
        expected.put("PROMETHEUS_IMAGE", "wpstack/prometheus:id-0123456789ab");
        expected.put("ALERTMANAGER_IMAGE", "wpstack/alertmanager:id-0123456789ab");
        expected.put("BLACKBOX_IMAGE", "wpstack/blackbox:id-0123456789ab");
        expected.put("MYSQLD_EXPORTER_IMAGE", "wpstack/mysqld-exporter:id-0123456789ab");
        expected.put("NODE_EXPORTER_IMAGE", "wpstack/node-exporter:id-0123456789ab");
        expected.put("DOCKER_EXPORTER_IMAGE", "wpstack/docker-exporter:id-0123456789ab");
        expected.put("GRAFANA_USERS_IMAGE", "wpstack/grafana-users:id-0123456789ab");
        expected.put("GRAFANA_IMAGE", "grafana/grafana-oss:11.6.0");
        expected.put("GRAFANA_REPLICAS", "1");
        assertEquals(expected, deployment.variables());

        Step.Run deploy = runs(deployment.plan()).getLast();
        assertEquals(
                List.of(
                        "docker",
                        "stack",
                        "deploy",
                        "--detach=true",
                        "--prune",
                        "--resolve-image",
                        "never",
                        "-c",
                        ROOT.resolve("stacks/monitoring.yml").toString(),
                        "monitoring"),
                deploy.argv());
        Map<String, String> environment = new HashMap<>(expected);
        environment.put("CADDY_IMAGE", "wpstack/caddy:id-0123456789ab");
        environment.put("LOG_LEVEL", "WARN");
        assertEquals(environment, deploy.environment());
        assertEquals(
                "docker stack deploy monitoring failed (output above); fix the cause and rerun ./wpstack up --env"
                        + " production",
                deploy.failure());
        assertEquals("monitoring", deployment.awaitStack());
        assertTrue(messages(deployment.plan(), Step.Info.class)
                .contains("deploying stack monitoring (production), watching stack wpstack"));

        Step.WriteFile file = deployment.plan().steps().stream()
                .filter(Step.WriteFile.class::isInstance)
                .map(Step.WriteFile.class::cast)
                .findFirst()
                .orElseThrow();
        assertEquals(probes, file.path());
        assertEquals(Repo.golden("probes-production.yml"), file.content());

        String prometheus = expected.get("PROMETHEUS_CONFIG_HASH");
        String grafana = expected.get("GRAFANA_CONFIG_HASH");
        assertEquals(
                List.of(
                        "monitoring_prometheus_yml_" + prometheus,
                        "monitoring_rules_swarm_" + prometheus,
                        "monitoring_rules_targets_" + prometheus,
                        "monitoring_rules_probes_" + prometheus,
                        "monitoring_rules_mariadb_" + prometheus,
                        "monitoring_rules_backup_" + prometheus,
                        "monitoring_rules_nodes_" + prometheus,
                        "monitoring_rules_containers_" + prometheus,
                        "monitoring_probe_targets_80e4a4736596",
                        "monitoring_alertmanager_yml_" + expected.get("ALERTMANAGER_CONFIG_HASH"),
                        "monitoring_blackbox_yml_" + expected.get("BLACKBOX_CONFIG_HASH"),
                        "monitoring_grafana_datasource_" + grafana,
                        "monitoring_grafana_dashboards_" + grafana,
                        "monitoring_dashboard_cluster_probes_" + grafana,
                        "monitoring_dashboard_swarm_" + grafana,
                        "monitoring_dashboard_site_health_" + grafana,
                        "monitoring_dashboard_nodes_" + grafana,
                        "monitoring_dashboard_containers_" + grafana,
                        "monitoring_caddyfile_" + expected.get("CADDY_MONITORING_HASH")),
                deployment.configs());
    }

    @Test
    void anotherStackNameGetsItsOwnSecretsProbeFileAndConfigNames() {
        MonitoringDeploy.Deployment deployment = MonitoringDeploy.plan(
                request(Repo.settings("production", Map.of()), "mon2", Map.of()), new FakeMonitoringReads());

        assertEquals("mon2_", deployment.variables().get("MONITORING_SECRET_PREFIX"));
        assertEquals(
                ROOT.resolve(".wpstack/monitoring/mon2-probes-production.yml").toString(),
                deployment.variables().get("PROBE_TARGETS_FILE"));
        assertEquals(
                List.of("mon2_grafana_viewer_pass", "mon2_alert_webhook_url"),
                runs(deployment.plan()).subList(0, 2).stream()
                        .map(run -> run.argv().get(run.argv().size() - 2))
                        .toList());
        assertTrue(deployment.configs().stream().allMatch(name -> name.startsWith("mon2_")));
    }

    @Test
    void emailAlertsAddTheirStackFileAndHashTheirConfig() {
        Settings settings =
                Repo.settings("production", Map.of("WPSTACK_ALERTMANAGER_CONFIG", "alertmanager-email.yml"));

        MonitoringDeploy.Deployment deployment =
                MonitoringDeploy.plan(request(settings, "monitoring", Map.of()), new FakeMonitoringReads());

        List<String> argv = runs(deployment.plan()).getLast().argv();
        assertEquals(
                List.of(
                        "-c",
                        ROOT.resolve("stacks/monitoring.yml").toString(),
                        "-c",
                        ROOT.resolve("stacks/monitoring-email.yml").toString(),
                        "monitoring"),
                argv.subList(argv.size() - 5, argv.size()));
        assertEquals(
                ContentHash.ofFiles(ROOT, "config/alertmanager/alertmanager-email.yml"),
                deployment.variables().get("ALERTMANAGER_CONFIG_HASH"));
    }

    @Test
    void fromARegistryTheImagesAreItsAndNothingIsBuilt() {
        Map<String, String> process = Map.of("WPSTACK_REGISTRY", "reg.example:5000", "WPSTACK_VERSION", "1.2.3");
        var reads = new FakeMonitoringReads();
        reads.detach = false;

        MonitoringDeploy.Deployment deployment =
                MonitoringDeploy.plan(request(Repo.settings("production", Map.of()), "monitoring", process), reads);

        assertEquals(List.of(), MonitoringDeploy.imagesToBuild(ROOT, process));
        assertEquals(
                "reg.example:5000/wpstack/mysqld-exporter:1.2.3",
                deployment.variables().get("MYSQLD_EXPORTER_IMAGE"));
        assertEquals(
                List.of("docker", "stack", "deploy", "--prune", "--resolve-image", "always", "--with-registry-auth"),
                runs(deployment.plan()).getLast().argv().subList(0, 7));
    }

    @Test
    void anImageGivenByItsVariableIsNotBuilt() {
        assertEquals(
                List.of(
                        "prometheus",
                        "alertmanager",
                        "grafana-users",
                        "mysqld-exporter",
                        "docker-exporter",
                        "node-exporter"),
                MonitoringDeploy.imagesToBuild(ROOT, Map.of("WPSTACK_BLACKBOX_IMAGE", "prom/blackbox-exporter")));
        assertEquals(
                MonitoringDeploy.images(ROOT),
                MonitoringDeploy.imagesToBuild(ROOT, Map.of("WPSTACK_BLACKBOX_IMAGE", "")));
    }

    @Test
    void theStacksImagesAreReadFromTheComposeFilesWithoutTheWordpressStacks() {
        assertEquals(
                List.of(
                        "prometheus",
                        "alertmanager",
                        "grafana-users",
                        "blackbox",
                        "mysqld-exporter",
                        "docker-exporter",
                        "node-exporter"),
                MonitoringDeploy.images(ROOT));
    }

    @Test
    void grafanaThatCannotBeHadIsScaledToZeroWithAWarning() {
        var reads = new FakeMonitoringReads();
        reads.images.clear();
        Map<String, String> process = Map.of("WPSTACK_GRAFANA_IMAGE", "grafana/grafana-oss:99");

        MonitoringDeploy.Deployment deployment =
                MonitoringDeploy.plan(request(Repo.settings("production", Map.of()), "monitoring", process), reads);

        assertEquals(List.of("grafana/grafana-oss:99"), reads.pulled);
        assertEquals("0", deployment.variables().get("GRAFANA_REPLICAS"));
        assertEquals(new MonitoringDeploy.Grafana("grafana/grafana-oss:99", false), deployment.grafana());
        assertTrue(messages(deployment.plan(), Step.Warn.class)
                .contains("Grafana is NOT running: its image grafana/grafana-oss:99 is not on this engine and cannot"
                        + " be pulled (log: " + ROOT.resolve(".wpstack/logs/pull.log") + "); the rest of the"
                        + " monitoring stack runs, Grafana and its viewer job are scaled to 0. Load the image"
                        + " (docker save grafana/grafana-oss:99 | docker load on this node, or"
                        + " WPSTACK_GRAFANA_IMAGE=another) and rerun ./wpstack up --env production"));
    }

    @Test
    void grafanaThatCanBePulledRuns() {
        var reads = new FakeMonitoringReads();
        reads.images.clear();
        reads.pullable.add("grafana/grafana-oss:11.6.0");

        MonitoringDeploy.Deployment deployment = production(reads);

        assertEquals("1", deployment.variables().get("GRAFANA_REPLICAS"));
        assertEquals("grafana/grafana-oss:11.6.0", MonitoringDeploy.pinnedGrafanaImage(ROOT));
    }

    @Test
    void substitutionFollowsComposeDefaultsAndRequiredVariables() {
        Map<String, String> environment = Map.of("A", "a", "E", "");
        assertEquals("a_x", MonitoringDeploy.substitute("${A:-z}_x", environment));
        assertEquals("z", MonitoringDeploy.substitute("${E:-z}", environment));
        assertEquals("", MonitoringDeploy.substitute("${E-z}", environment));
        assertEquals("z", MonitoringDeploy.substitute("${U-z}", environment));
        var error = assertThrows(WpstackException.class, () -> MonitoringDeploy.substitute("${U:?set U}", environment));
        assertEquals("U is not set: set U", error.getMessage());
    }

    // --- after the wait ---

    @Test
    void cleanupRemovesOnlyTheConfigsThisDeploymentDoesNotUse() {
        var reads = new FakeMonitoringReads();
        reads.configs.addAll(List.of("monitoring_caddyfile_old", "monitoring_caddyfile_new"));

        Plan plan = MonitoringDeploy.cleanup(
                "monitoring", List.of("monitoring_caddyfile_new"), reads, Duration.ofSeconds(42));

        assertEquals(List.of(List.of("docker", "config", "rm", "monitoring_caddyfile_old")), plan.commands());
        assertEquals(null, runs(plan).getFirst().failure());
        assertEquals(List.of("stack monitoring is up after 42s"), messages(plan, Step.Info.class));
    }

    @Test
    void theUrlsNameTheAdminAndTheViewer() {
        Plan plan = MonitoringDeploy.urls(
                Repo.settings("production", Map.of()),
                CREDENTIALS,
                new MonitoringDeploy.Grafana("grafana/grafana-oss:11.6.0", true));

        assertEquals(List.of(new Step.Print("""
                        Grafana:      http://localhost:3000/  (admin admin-abc123; read-only support)
                        Prometheus:   http://localhost:9090/  (basic auth as admin-abc123)
                        Alertmanager: http://localhost:9093/  (basic auth as admin-abc123)
                        Blackbox:     http://localhost:9115/  (basic auth as admin-abc123)
                        """)), plan.steps());
    }

    @Test
    void theUrlsSayWhenGrafanaIsNotRunning() {
        Plan plan = MonitoringDeploy.urls(
                Repo.settings("production", Map.of()), CREDENTIALS, new MonitoringDeploy.Grafana("g:1", false));

        String text = ((Step.Print) plan.steps().getFirst()).text();
        assertTrue(text.startsWith("Grafana:      not running (no image g:1 here; see the warning above)\n"));
        assertFalse(text.contains("read-only"));
    }
}

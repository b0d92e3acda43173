package io.wpstack.cli.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.deploy.Settings;
import io.wpstack.cli.monitoring.ProbeTargets;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import io.wpstack.cli.settings.Catalog;
import io.wpstack.engine.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringChecksTest {
    private static final Path ROOT = root();

    private final MonitoringChecks checks = new MonitoringChecks(ROOT, Map.of(), true, "");

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(Catalog.BASE_ENV))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + Catalog.BASE_ENV + " above the working directory");
    }

    private List<String> tool(String image, String... command) {
        List<String> argv = new ArrayList<>(List.of(
                "docker",
                "run",
                "--rm",
                "--network",
                "none",
                "--entrypoint",
                command[0],
                "-v",
                ROOT.resolve(".wpstack/test/monitoring") + ":/check:ro",
                "-w",
                "/check",
                image));
        argv.addAll(List.of(command).subList(1, command.length));
        return argv;
    }

    private static List<Step.Run> runs(Plan plan) {
        return plan.steps().stream()
                .filter(Step.Run.class::isInstance)
                .map(Step.Run.class::cast)
                .toList();
    }

    private static List<String> warnings(Plan plan) {
        return plan.steps().stream()
                .filter(Step.Warn.class::isInstance)
                .map(Step::description)
                .toList();
    }

    private static Step.WriteFile written(Plan plan, Path path) {
        return plan.steps().stream()
                .filter(step ->
                        step instanceof Step.WriteFile write && write.path().equals(path))
                .map(Step.WriteFile.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the plan writes no " + path + ": " + plan));
    }

    /** Carries out a plan's file writes (what the failures are recorded by), no program. */
    private static void writeFiles(Plan plan) throws IOException {
        for (Step step : plan.steps()) {
            if (step instanceof Step.WriteFile write) {
                Files.createDirectories(write.path().getParent());
                Files.writeString(write.path(), write.content());
            }
        }
    }

    // --- the tools ---

    @Test
    void promtoolChecksEveryRuleFileAtOnceThenEachRulesTestOnItsOwn() {
        List<MonitoringChecks.Check> rules = checks.rulesChecks(0);

        assertEquals(
                List.of(
                        tool(
                                "wpstack/prometheus:latest",
                                "promtool",
                                "check",
                                "rules",
                                "prometheus/rules/backup.yml",
                                "prometheus/rules/containers.yml",
                                "prometheus/rules/mariadb.yml",
                                "prometheus/rules/nodes.yml",
                                "prometheus/rules/probes.yml",
                                "prometheus/rules/swarm.yml",
                                "prometheus/rules/targets.yml"),
                        tool(
                                "wpstack/prometheus:latest",
                                "promtool",
                                "test",
                                "rules",
                                "prometheus/tests/backup_test.yml"),
                        tool(
                                "wpstack/prometheus:latest",
                                "promtool",
                                "test",
                                "rules",
                                "prometheus/tests/containers_test.yml"),
                        tool(
                                "wpstack/prometheus:latest",
                                "promtool",
                                "test",
                                "rules",
                                "prometheus/tests/mariadb_test.yml"),
                        tool(
                                "wpstack/prometheus:latest",
                                "promtool",
                                "test",
                                "rules",
                                "prometheus/tests/nodes_test.yml"),
                        tool(
                                "wpstack/prometheus:latest",
                                "promtool",
                                "test",
                                "rules",
                                "prometheus/tests/probes_test.yml"),
                        tool(
                                "wpstack/prometheus:latest",
                                "promtool",
                                "test",
                                "rules",
                                "prometheus/tests/swarm_test.yml"),
                        tool(
                                "wpstack/prometheus:latest",
                                "promtool",
                                "test",
                                "rules",
                                "prometheus/tests/targets_test.yml")),
                rules.stream().map(c -> MonitoringChecks.command(c.run())).toList());
        assertEquals("promtool check rules: 7 files", rules.getFirst().passed());
        assertEquals(
                "promtool check rules: config/prometheus/rules/ (log: "
                        + ROOT.resolve(".wpstack/logs/promtool-rules.log") + ")",
                MonitoringChecks.failureMessage(rules.getFirst().run()));
        assertEquals(
                "promtool test rules: config/prometheus/tests/swarm_test.yml (log: "
                        + ROOT.resolve(".wpstack/logs/promtool-test-swarm_test.yml.log") + ")",
                MonitoringChecks.failureMessage(rules.get(6).run()));
    }

    @Test
    void amtoolChecksEachAlertmanagerConfigBlackboxItsConfigAndCaddyTheMonitoringCaddyfile() {
        List<MonitoringChecks.Check> tools = checks.toolChecksAfterRules(5);
        Path dir = ROOT.resolve(".wpstack/test/monitoring");

        assertEquals(
                List.of(
                        tool(
                                "wpstack/alertmanager:latest",
                                "amtool",
                                "check-config",
                                "alertmanager/alertmanager-email.yml"),
                        tool("wpstack/alertmanager:latest", "amtool", "check-config", "alertmanager/alertmanager.yml"),
                        tool(
                                "wpstack/blackbox:latest",
                                "blackbox_exporter",
                                "--config.file=blackbox/blackbox.yml",
                                "--config.check"),
                        List.of(
                                "docker",
                                "run",
                                "--rm",
                                "--network",
                                "none",
                                "-v",
                                dir.resolve("secrets") + ":/run/secrets:ro",
                                "-v",
                                dir.resolve("caddy/Caddyfile.monitoring") + ":/etc/caddy/Caddyfile:ro",
                                "wpstack/caddy:latest",
                                "caddy",
                                "validate",
                                "--config",
                                "/etc/caddy/Caddyfile",
                                "--adapter",
                                "caddyfile")),
                tools.stream().map(c -> MonitoringChecks.command(c.run())).toList());
        assertEquals(
                List.of(
                        "amtool check-config: config/alertmanager/alertmanager-email.yml",
                        "amtool check-config: config/alertmanager/alertmanager.yml",
                        "blackbox_exporter --config.check: config/blackbox/blackbox.yml",
                        "caddy validate: config/caddy/Caddyfile.monitoring"),
                tools.stream().map(MonitoringChecks.Check::passed).toList());
        assertEquals(
                List.of(
                        "005-amtool-alertmanager-email.yml",
                        "006-amtool-alertmanager.yml",
                        "007-blackbox",
                        "008-caddy"),
                tools.stream().map(MonitoringChecks.Check::key).toList());
    }

    @Test
    void promtoolChecksTheMetricsFormatOfEachGoldenExpositionOfTheExporter() {
        List<MonitoringChecks.Check> golden = checks.exporterGoldenChecks(9);
        Path cases = ROOT.resolve("exporter/src/test/resources/cases");

        assertEquals(
                List.of("single-node", "worker-down").stream()
                        .map(name -> List.of(
                                "docker",
                                "run",
                                "--rm",
                                "--network",
                                "none",
                                "--entrypoint",
                                "sh",
                                "-v",
                                cases + ":/check:ro",
                                "-w",
                                "/check",
                                "wpstack/prometheus:latest",
                                "-c",
                                "promtool check metrics < \"$1\"",
                                "promtool",
                                name + "/expected.prom"))
                        .toList(),
                golden.stream().map(c -> MonitoringChecks.command(c.run())).toList());
        assertEquals(
                List.of("009-promtool-metrics-single-node", "010-promtool-metrics-worker-down"),
                golden.stream().map(MonitoringChecks.Check::key).toList());
        assertEquals(
                "promtool check metrics: exporter/src/test/resources/cases/worker-down/expected.prom (log: "
                        + ROOT.resolve(".wpstack/logs/promtool-metrics-worker-down.log") + ")",
                MonitoringChecks.failureMessage(golden.get(1).run()));
        assertEquals(
                "promtool check metrics: exporter/src/test/resources/cases/single-node/expected.prom",
                golden.getFirst().passed());
    }

    @Test
    void prepareNeedsTheImagesThenCopiesConfigReadableWithTestSecrets() {
        Path dir = ROOT.resolve(".wpstack/test/monitoring");
        Plan plan = checks.prepare();

        assertEquals(
                List.of(
                        List.of("docker", "image", "inspect", "wpstack/prometheus:latest"),
                        List.of("docker", "image", "inspect", "wpstack/alertmanager:latest"),
                        List.of("docker", "image", "inspect", "wpstack/blackbox:latest"),
                        List.of("docker", "image", "inspect", "wpstack/caddy:latest"),
                        List.of("rm", "-rf", dir.toString()),
                        List.of("mkdir", "-p", dir.toString()),
                        List.of("cp", "-r", ROOT.resolve("config") + "/.", dir + "/"),
                        List.of("chmod", "-R", "a+rX", dir.toString())),
                plan.commands());
        assertEquals(
                "image wpstack/caddy:latest is missing; run ./wpstack build",
                runs(plan).get(3).failure());
        assertEquals(
                "static-check\n",
                written(plan, dir.resolve("secrets/lb_admin_user")).content());
    }

    // --- the dashboards ---

    @Test
    void theRepositorysDashboardsUseProvisionedDatasourcesAndHavePromqlForPromtool() {
        assertEquals(Set.of("prometheus"), MonitoringChecks.datasourceUids(ROOT));
        List<Path> dashboards = MonitoringChecks.dashboards(ROOT);
        assertEquals(5, dashboards.size());
        for (Path dashboard : dashboards) {
            String name = dashboard.getFileName().toString();
            Plan plan = checks.dashboard(dashboard, "010-dashboard-" + name);

            assertEquals(List.of(), warnings(plan), name);
            Path rules = ROOT.resolve(".wpstack/test/monitoring/dashboard-rules/" + name + ".rules.yml");
            String text = written(plan, rules).content();
            assertTrue(text.startsWith(
                    "groups:\n  - name: dashboard\n    rules:\n      - record: dashboard_expression_1\n"));
            int count = MonitoringChecks.dashboardExpressions(dashboard).size();
            assertTrue(count > 0, name);
            assertTrue(text.contains("record: dashboard_expression_" + count + "\n"), name);
            assertFalse(text.contains("$"), name + ": a Grafana variable is left for promtool: " + text);
            Step.Run promtool = runs(plan).getFirst();
            assertEquals(
                    tool(
                            "wpstack/prometheus:latest",
                            "promtool",
                            "check",
                            "rules",
                            "dashboard-rules/" + name + ".rules.yml"),
                    MonitoringChecks.command(promtool));
            assertEquals(rules.toString(), promtool.argv().get(7));
            assertEquals(
                    "config/grafana/dashboards/" + name + ": PromQL that does not parse: @EXPR@ (log: "
                            + ROOT.resolve(".wpstack/logs/promql-" + name + ".log") + ")",
                    MonitoringChecks.failureMessage(promtool));
        }
    }

    @Test
    void everyDatasourceReferenceThatIsNoObjectWithAUidIsAProblemShownAsItsJson() {
        var dashboard = Json.parse("""
                {"panels": [{"datasource": null}, {"datasource": {"uid": "p"}},
                            {"targets": [{"datasource": {"type": "x"}}, {"datasource": "Prometheus"}]}]}
                """);

        assertEquals(
                "1x datasource \"Prometheus\" is not an object with a uid;1x datasource null is not an object with a"
                        + " uid;1x datasource {\"type\":\"x\"} is not an object with a uid",
                MonitoringChecks.datasourceProblems(dashboard, Set.of("p")));
    }

    @Test
    void expressionsReplaceGrafanasVariablesAndUnwrapTemplateQueries() throws IOException {
        var dashboard = Json.parse("""
                {"uid": "x", "panels": [
                  {"targets": [{"expr": "sum(rate(x_total{stack=~\\"$stack\\"}[$__rate_interval]))"},
                               {"expr": ""}, {"expr": 3}]},
                  {"panels": [{"targets": [{"expr": "up[${__range}] or y[$__interval] or z{a=\\"${svc:regex}\\"} or [[old]]"}]}]}],
                 "templating": {"list": [
                  {"type": "query", "query": "label_values(docker_swarm_service_info{stack=\\"$stack\\"}, service)"},
                  {"type": "query", "query": {"query": "query_result(topk(3, up))"}},
                  {"type": "custom", "query": "label_values(ignored, x)"},
                  {"type": "query", "query": "plain"}]}}
                """);

        assertEquals(
                List.of(
                        "sum(rate(x_total{stack=~\".*\"}[5m]))",
                        "up[1h] or y[1m] or z{a=\".*\"} or .*",
                        "docker_swarm_service_info{stack=\".*\"}",
                        "topk(3, up)"),
                MonitoringChecks.expressions(dashboard));
        assertEquals(
                "groups:\n  - name: dashboard\n    rules:\n"
                        + "      - record: dashboard_expression_1\n        expr: \"a{b=\\\"c\\\"}\"\n"
                        + "      - record: dashboard_expression_2\n        expr: \"up\"\n",
                MonitoringChecks.rulesFile(List.of("a{b=\"c\"}", "up")));
    }

    @Test
    void aBrokenDashboardFailsNamingTheFileAndEachProblemAndTheStepListsThemAll(@TempDir Path copy) throws IOException {
        Path datasources = copy.resolve(MonitoringChecks.DATASOURCE_DIR);
        Files.createDirectories(datasources);
        Files.copy(
                ROOT.resolve(MonitoringChecks.DATASOURCE_DIR).resolve("prometheus.yml"),
                datasources.resolve("prometheus.yml"));
        Path dashboards = Files.createDirectories(copy.resolve(MonitoringChecks.DASHBOARD_DIR));
        String swarm =
                Files.readString(ROOT.resolve(MonitoringChecks.DASHBOARD_DIR).resolve("swarm.json"));
        Path broken = dashboards.resolve("swarm.json");
        Files.writeString(
                broken,
                swarm.replaceFirst("\"datasource\": *\\{[^}]*}", "\"datasource\": \"Prometheus\"")
                        .replaceFirst("\"uid\": *\"prometheus\"", "\"uid\": \"nope\""));
        Path notJson = dashboards.resolve("notjson.json");
        Files.writeString(notJson, "{\"uid\": \"a\", \"panels\": [}\n", StandardCharsets.UTF_8);
        Path noPromql = dashboards.resolve("empty.json");
        Files.writeString(noPromql, "{\"uid\": \"e\", \"panels\": []}\n");
        MonitoringChecks copyChecks = new MonitoringChecks(copy, Map.of(), true, "");

        Plan brokenPlan = copyChecks.dashboard(broken, "010-dashboard-swarm.json");
        String problems =
                "config/grafana/dashboards/swarm.json: 1x datasource \"Prometheus\" is not an object with a uid;"
                        + "1x datasource uid \"nope\" is not provisioned";
        assertEquals(List.of("check failed: " + problems), warnings(brokenPlan));
        Plan notJsonPlan = copyChecks.dashboard(notJson, "011-dashboard-notjson.json");
        List<String> notJsonWarnings = warnings(notJsonPlan);
        assertEquals(1, notJsonWarnings.size());
        assertTrue(
                notJsonWarnings
                        .getFirst()
                        .startsWith("check failed: config/grafana/dashboards/notjson.json: not valid JSON, or not a"
                                + " dashboard (uid, panels): Unexpected close marker '}'"),
                notJsonWarnings.getFirst());
        assertTrue(
                notJsonWarnings.getFirst().endsWith("'}': expected ']' at line 1, column 25"),
                notJsonWarnings.getFirst());
        assertEquals(List.of(), runs(notJsonPlan));
        Plan emptyPlan = copyChecks.dashboard(noPromql, "012-dashboard-empty.json");
        assertEquals(
                List.of("check failed: config/grafana/dashboards/empty.json: no PromQL expression found"),
                warnings(emptyPlan));

        writeFiles(brokenPlan);
        writeFiles(notJsonPlan);
        writeFiles(emptyPlan);
        assertEquals(
                List.of(),
                copyChecks.dashboardPassed(broken, "010-dashboard-swarm.json").steps());
        WpstackException failure = assertThrows(WpstackException.class, () -> copyChecks.verdict(3));
        assertEquals(
                "3 monitoring config check(s) failed: \n  - " + problems + "\n  - "
                        + notJsonWarnings.getFirst().substring("check failed: ".length())
                        + "\n  - config/grafana/dashboards/empty.json: no PromQL expression found",
                failure.getMessage());
    }

    @Test
    void noProvisionedDatasourceUidIsAFailure(@TempDir Path empty) throws IOException {
        MonitoringChecks emptyChecks = new MonitoringChecks(empty, Map.of(), true, "");
        Plan plan = emptyChecks.datasourceUidsFound("009-datasource-uids");

        assertEquals(
                List.of("check failed: no datasource uid in config/grafana/provisioning/datasources/*.yml"),
                warnings(plan));
        writeFiles(plan);
        assertThrows(WpstackException.class, () -> emptyChecks.verdict(0));
    }

    @Test
    void theVerdictPassesWhenNoCheckFailed(@TempDir Path empty) {
        assertEquals(
                List.of(new Step.Info("monitoring configs: every check passed in 7s")),
                new MonitoringChecks(empty, Map.of(), true, "").verdict(7).steps());
    }

    // --- per environment ---

    private static Settings settings(String env, Map<String, String> process) {
        return Settings.load(Catalog.read(ROOT), "test", env, process, image -> true);
    }

    @Test
    void eachEnvironmentChecksPrometheusWithItsProbeTargetsAndRendersTheStack() {
        Path dir = ROOT.resolve(".wpstack/test/monitoring");
        for (String env : List.of("development", "production")) {
            Plan plan = checks.environmentCheck(env, "020-environment-" + env);
            String probes = ProbeTargets.of(settings(env, Map.of()));

            assertEquals(List.of(), warnings(plan), env);
            assertEquals(
                    probes,
                    written(plan, dir.resolve("prometheus/targets/probes.yml")).content());
            Path targets = dir.resolve("targets-" + env + "/monitoring-probes-" + env + ".yml");
            assertEquals(probes, written(plan, targets).content());
            List<Step.Run> runs = runs(plan);
            assertEquals(
                    List.of(
                            tool(
                                    "wpstack/prometheus:latest",
                                    "promtool",
                                    "check",
                                    "config",
                                    "prometheus/prometheus.yml"),
                            List.of(
                                    "docker",
                                    "stack",
                                    "config",
                                    "-c",
                                    ROOT.resolve("stacks/monitoring.yml").toString()),
                            List.of(
                                    "grep",
                                    "-q",
                                    "published: \"*3000\"*$",
                                    ROOT.resolve(".wpstack/logs/monitoring-" + env + ".log")
                                            .toString())),
                    runs.stream().map(MonitoringChecks::command).toList(),
                    env);
            Map<String, String> variables = runs.get(1).environment();
            assertEquals(targets.toString(), variables.get("PROBE_TARGETS_FILE"));
            assertEquals(io.wpstack.cli.monitoring.ContentHash.of(probes), variables.get("PROBE_TARGETS_HASH"));
            assertEquals("monitoring", variables.get("MONITORING_STACK"));
            assertEquals("wpstack_backend", variables.get("WPSTACK_NETWORK"));
            assertEquals("", variables.get("SECRET_PREFIX"));
            assertEquals("alertmanager.yml", variables.get("ALERTMANAGER_CONFIG"));
            assertEquals(12, variables.get("GRAFANA_CONFIG_HASH").length());
            assertEquals(settings(env, Map.of()).get("HTTP_PORT"), variables.get("HTTP_PORT"));
            // Every check of the environment records under its one key: the first failure is its failure.
            assertEquals(
                    Set.of(dir.resolve("failures/020-environment-" + env).toString()),
                    Set.copyOf(runs.stream().map(r -> r.argv().get(5)).toList()));
            assertEquals(
                    "environment " + env
                            + ": promtool check config: config/prometheus/prometheus.yml with the probe targets of "
                            + env + " (log: " + ROOT.resolve(".wpstack/logs/promtool-config-" + env + ".log") + ")",
                    MonitoringChecks.failureMessage(runs.getFirst()));
        }
    }

    @Test
    void emailAlertsAddTheirStackFileAnotherGrafanaPortIsLookedForAndNoRenderWithoutStackConfig() {
        Map<String, String> process = Map.of(
                "WPSTACK_ALERTMANAGER_CONFIG", "alertmanager-email.yml",
                "WPSTACK_GRAFANA_PORT", "3300",
                "WPSTACK_STACK", "blog",
                "WPSTACK_MONITORING_STACK", "watch");
        Plan plan = new MonitoringChecks(ROOT, process, true, "").environmentCheck("production", "020-environment-x");
        List<List<String>> commands =
                runs(plan).stream().map(MonitoringChecks::command).toList();

        assertEquals(
                List.of(
                        "docker",
                        "stack",
                        "config",
                        "-c",
                        ROOT.resolve("stacks/monitoring.yml").toString(),
                        "-c",
                        ROOT.resolve("stacks/monitoring-email.yml").toString()),
                commands.get(1));
        assertEquals("published: \"*3300\"*$", commands.get(2).get(2));
        Map<String, String> variables = runs(plan).get(1).environment();
        assertEquals("blog_", variables.get("SECRET_PREFIX"));
        assertEquals("watch_", variables.get("MONITORING_SECRET_PREFIX"));
        assertEquals("blog_backend", variables.get("WPSTACK_NETWORK"));

        Plan noRender = new MonitoringChecks(ROOT, Map.of(), false, "24.0.5").environmentCheck("production", "k");
        assertEquals(1, runs(noRender).size());
    }

    @Test
    void anEnvironmentWithABadSettingFailsWithTheSettingsMessageAndRunsNothing(@TempDir Path failuresRoot) {
        Plan plan = checks.environmentCheck("development", "020-environment-development");
        assertEquals(List.of(), warnings(plan));

        Plan bad = new MonitoringChecks(ROOT, Map.of("WPSTACK_HTTP_PORT", "http"), true, "")
                .environmentCheck("development", "020-environment-development");
        assertEquals(
                List.of("check failed: environment development: HTTP_PORT=http is not a port number (1-65535); fix it"
                        + " in the environment variable WPSTACK_HTTP_PORT"),
                warnings(bad));
        assertEquals(List.of(), runs(bad));

        Plan badUrl = new MonitoringChecks(ROOT, Map.of("WPSTACK_PROBE_URLS", "ftp://x"), true, "")
                .environmentCheck("production", "020-environment-production");
        assertTrue(warnings(badUrl).getFirst().contains("PROBE_URLS: \"ftp://x\" is not an http(s) URL"));
    }

    // --- the step ---

    @Test
    void theStepRunsEveryCheckThenTheVerdictAndWarnsWhenStacksCannotRender() {
        List<TestStep.Part> parts = new MonitoringChecks(ROOT, Map.of(), true, "").parts();
        // prepare, 8 rule checks + 4 other tools + 2 golden expositions (2 parts each), uids, 5 dashboards (2 each),
        // 2 envs (2 each), verdict
        assertEquals(1 + 28 + 1 + 10 + 4 + 1, parts.size());
        assertEquals(checks.prepare(), parts.getFirst().plan());

        List<TestStep.Part> noRender = new MonitoringChecks(ROOT, Map.of(), false, "24.0.5").parts();
        assertEquals(parts.size() + 1, noRender.size());
        assertEquals(
                List.of(new Step.Warn("this docker client (24.0.5) has no `docker stack config` (Docker CLI >= 25):"
                        + " the render check of stacks/monitoring.yml is skipped")),
                noRender.get(40).plan().steps());
    }

    /** The recording wrapper itself, with harmless programs instead of docker (bash, grep and sed only). */
    @Test
    void aFailedCheckShowsItsLogRecordsItsMessageAndTheNextOfTheSameKeyIsSkipped(@TempDir Path tmp)
            throws IOException, InterruptedException {
        MonitoringChecks scratch = new MonitoringChecks(tmp, Map.of(), true, "");
        Path rules = tmp.resolve("x.rules.yml");
        Files.writeString(
                rules, MonitoringChecks.rulesFile(List.of("up", "rate(x[5m]")).replace("\"", ""));
        Step.Run failing = scratch.record(
                "001-promql",
                tmp.resolve("logs/a.log"),
                "x: PromQL that does not parse: @EXPR@ (log: a)",
                rules.toString(),
                List.of("sh", "-c", "echo 'group dashboard, rule 2, \"dashboard_expression_2\": parse error'; exit 1"),
                Map.of());
        Step.Run passing = scratch.record("002-ok", tmp.resolve("logs/b.log"), "never", "", List.of("true"), Map.of());
        Step.Run skipped =
                scratch.record("001-promql", tmp.resolve("logs/c.log"), "skipped", "", List.of("false"), Map.of());

        assertEquals(0, run(failing));
        assertEquals(0, run(passing));
        assertEquals(0, run(skipped));
        assertFalse(Files.exists(tmp.resolve("logs/c.log")));
        try (Stream<Path> files = Files.list(scratch.failures())) {
            assertEquals(1, files.count());
        }
        assertEquals(List.of("x: PromQL that does not parse: rate(x[5m] (log: a)"), scratch.failedChecks());
    }

    private static int run(Step.Run run) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(run.argv())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return process.waitFor();
    }
}

package io.wpstack.cli.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.wpstack.cli.StackNames;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.deploy.Secrets;
import io.wpstack.cli.deploy.Settings;
import io.wpstack.cli.monitoring.ContentHash;
import io.wpstack.cli.monitoring.MonitoringDeploy;
import io.wpstack.cli.monitoring.ProbeTargets;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import io.wpstack.cli.settings.Catalog;
import io.wpstack.engine.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The static checks of the monitoring configs, step "monitoring configs" of {@code ./wpstack test}
 * (bash: check_monitoring_configs of lib/monitoring.sh): promtool check rules and test rules, amtool
 * check-config, blackbox_exporter --config.check, caddy validate of Caddyfile.monitoring, promtool check
 * metrics of the exporter's golden expositions, the Grafana
 * dashboards (JSON, datasource uids, every PromQL expression parsed by promtool), and per environment
 * its probe targets, promtool check config with them and {@code docker stack config}.
 *
 * <p>A failed check does not stop the others: each tool runs in {@link #RECORD}, which logs its output,
 * and on failure shows the log's last lines and records the check's message in a file of {@link
 * #failures()} (a check the Java finds failed is recorded the same way, by a {@link Step.WriteFile});
 * the last part fails the step listing them all, in order.
 *
 * @param root the repository
 * @param environment the process environment (WPSTACK_* overrides, WPSTACK_STACK, WPSTACK_MONITORING_STACK)
 * @param renderStack the docker client has {@code docker stack config}
 * @param clientVersion the docker client's version (for the warning when it has not)
 */
public record MonitoringChecks(Path root, Map<String, String> environment, boolean renderStack, String clientVersion) {
    public static final String DATASOURCE_DIR = "config/grafana/provisioning/datasources";
    public static final String DASHBOARD_DIR = "config/grafana/dashboards";
    public static final List<String> IMAGES = List.of("prometheus", "alertmanager", "blackbox", "caddy");
    static final String PROMETHEUS_IMAGE = "wpstack/prometheus:latest";

    /** The exporter's golden cases, each folder's expected.prom checked by promtool check metrics. */
    public static final String EXPORTER_CASES = "exporter/src/test/resources/cases";

    /**
     * $1 the log, $2 the failure file, $3 the failure message, $4 a dashboard's rules file ("" when
     * none; its expression that does not parse replaces @EXPR@ in the message); the rest is the
     * check's program. A check whose failure file exists already (an earlier check of the same
     * environment failed) is skipped. Exits 0 whether the check passed or failed.
     */
    static final String RECORD = "log=\"$1\"; failed=\"$2\"; message=\"$3\"; rules=\"$4\"; shift 4; "
            + "[[ ! -e \"${failed}\" ]] || exit 0; mkdir -p \"$(dirname \"${log}\")\" \"$(dirname \"${failed}\")\"; "
            + "\"$@\" >\"${log}\" 2>&1 && exit 0; tail -n 15 \"${log}\" | sed 's/^/    /' >&2; "
            + "if [[ -n \"${rules}\" ]]; then "
            + "record=\"$(grep -o -m 1 'dashboard_expression_[0-9]*' \"${log}\" || true)\"; "
            + "expr=\"$(grep -A 1 \"record: ${record:-none}\\$\" \"${rules}\" | sed -n 's/^ *expr: //p')\"; "
            + "message=\"${message//@EXPR@/${expr:-see the log}}\"; fi; "
            + "printf '%s\\n' \"${message}\" >\"${failed}\"; printf 'wpstack: check failed: %s\\n' \"${message}\" >&2";

    private static final int RECORD_ARGS = 8;
    private static final Json NULL = Json.parse("null");
    private static final Pattern DATASOURCE_UID = Pattern.compile("^[ \\t]*uid:[ \\t]*[\"']?([^\"'\\s#]*)");
    private static final Pattern TEMPLATE_QUERY =
            Pattern.compile("^(label_values|query_result)\\((?<e>.*?)(,\\s*\\w+)?\\)$");
    private static final Pattern TLS_HOSTNAME_PORT = Pattern.compile("__param_hostname: \"[^\"]*:");

    /** gsub of JQ_EXPRESSIONS, in order: Grafana's variables replaced so that promtool parses the expression. */
    private static final List<Map.Entry<Pattern, String>> VARIABLES = List.of(
            Map.entry(Pattern.compile("\\$__rate_interval|\\$\\{__rate_interval\\}"), "5m"),
            Map.entry(Pattern.compile("\\$__interval|\\$\\{__interval\\}"), "1m"),
            Map.entry(Pattern.compile("\\$__range|\\$\\{__range\\}"), "1h"),
            Map.entry(
                    Pattern.compile(
                            "\\$\\{[A-Za-z0-9_]+(:[a-z]+)?\\}|\\$[A-Za-z_][A-Za-z0-9_]*|\\[\\[[A-Za-z0-9_]+\\]\\]"),
                    ".*"));

    public MonitoringChecks {
        root = root.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }

    /** One check run by a tool: its Run (in {@link #RECORD}), its failure file's key and what it says when it passes. */
    public record Check(String key, Step.Run run, String passed) {}

    /** The scratch folder mounted at /check in the tools' containers: a copy of config/ (bash: CHECK_DIR). */
    public Path checkDir() {
        return root.resolve(".wpstack/test/monitoring");
    }

    /** Where the failed checks' messages go, one file each, named so that they sort in the checks' order. */
    public Path failures() {
        return checkDir().resolve("failures");
    }

    // --- the step ------------------------------------------------------------------------------

    /** The step's parts, in the bash's order; the last one fails when any check failed. */
    public List<TestStep.Part> parts() {
        long start = System.nanoTime();
        List<TestStep.Part> parts = new ArrayList<>();
        parts.add(this::prepare);
        List<Check> tools = new ArrayList<>(rulesChecks(0));
        tools.addAll(toolChecksAfterRules(tools.size()));
        tools.addAll(exporterGoldenChecks(tools.size()));
        int index = tools.size();
        for (Check check : tools) {
            parts.add(() -> Plan.of(check.run()));
            parts.add(() -> passed(check.passed(), check.key()));
        }
        String uidsKey = key(index++, "datasource-uids");
        parts.add(() -> datasourceUidsFound(uidsKey));
        for (Path dashboard : dashboards(root)) {
            String key = key(index++, "dashboard-" + dashboard.getFileName());
            parts.add(() -> dashboard(dashboard, key));
            parts.add(() -> dashboardPassed(dashboard, key));
        }
        if (!renderStack) {
            parts.add(() -> Plan.builder()
                    .warn("this docker client (" + clientVersion + ") has no `docker stack config` (Docker CLI >= 25):"
                            + " the render check of " + MonitoringDeploy.STACK_FILE + " is skipped")
                    .build());
        }
        for (String env : Catalog.read(root).environments().keySet()) {
            String key = key(index++, "environment-" + env);
            parts.add(() -> environmentCheck(env, key));
            parts.add(() -> passed(
                    "environment " + env + ": probe targets, promtool check config"
                            + (renderStack ? ", docker stack config" : ""),
                    key));
        }
        parts.add(() -> verdict((System.nanoTime() - start) / 1_000_000_000L));
        return List.copyOf(parts);
    }

    /** The images the tools run in, then a fresh copy of config/ readable by the tools' users, with test secrets. */
    public Plan prepare() {
        var plan = Plan.builder();
        for (String image : IMAGES) {
            String ref = "wpstack/" + image + ":latest";
            plan.add(new Step.Run(
                    "",
                    List.of("docker", "image", "inspect", ref),
                    Map.of(),
                    Step.Output.QUIET,
                    "image " + ref + " is missing; run ./wpstack build"));
        }
        Path dir = checkDir();
        plan.add(Step.Run.of("", List.of("rm", "-rf", dir.toString()), "cannot remove " + dir))
                .add(Step.Run.of("", List.of("mkdir", "-p", dir.toString()), "cannot create " + dir))
                .add(Step.Run.of(
                        "",
                        List.of("cp", "-r", root.resolve("config") + "/.", dir + "/"),
                        "cannot copy config/ to " + dir))
                .add(new Step.WriteFile(
                        "", dir.resolve("secrets/lb_admin_user"), "static-check\n", "rw-r--r--", "rwxr-xr-x", false))
                .add(new Step.WriteFile(
                        "",
                        dir.resolve("secrets/lb_admin_pass"),
                        "static-check-password\n",
                        "rw-r--r--",
                        "rwxr-xr-x",
                        false))
                .add(Step.Run.of("", List.of("chmod", "-R", "a+rX", dir.toString()), "cannot chmod " + dir));
        return plan.build();
    }

    /** check_prometheus_rules: promtool check rules on every rule file, then each test file of the rules. */
    public List<Check> rulesChecks(int firstIndex) {
        int index = firstIndex;
        List<Check> checks = new ArrayList<>();
        List<String> rules = names(root.resolve("config/prometheus/rules"), ".yml");
        List<String> argv = new ArrayList<>(List.of("promtool", "check", "rules"));
        rules.forEach(file -> argv.add("prometheus/rules/" + file));
        Path log = Logged.logFile(root, "promtool-rules");
        checks.add(check(
                key(index++, "promtool-rules"),
                log,
                "promtool check rules: config/prometheus/rules/ (log: " + log + ")",
                tool(PROMETHEUS_IMAGE, argv),
                "promtool check rules: " + rules.size() + " files"));
        for (String test : names(root.resolve("config/prometheus/tests"), ".yml")) {
            Path testLog = Logged.logFile(root, "promtool-test-" + test);
            checks.add(check(
                    key(index++, "promtool-test-" + test),
                    testLog,
                    "promtool test rules: config/prometheus/tests/" + test + " (log: " + testLog + ")",
                    tool(PROMETHEUS_IMAGE, List.of("promtool", "test", "rules", "prometheus/tests/" + test)),
                    "promtool test rules: config/prometheus/tests/" + test));
        }
        return checks;
    }

    /**
     * promtool check metrics (format and lint) on each golden exposition of the exporter's tests
     * (exporter/src/test/resources/cases/CASE/expected.prom): what the exporter's own writer prints, held
     * to the format by Prometheus's own parser. The cases' folder is mounted read-only; promtool reads stdin.
     */
    public List<Check> exporterGoldenChecks(int firstIndex) {
        int index = firstIndex;
        List<Check> checks = new ArrayList<>();
        Path cases = root.resolve(EXPORTER_CASES);
        for (String name : caseNames(cases)) {
            String file = EXPORTER_CASES + "/" + name + "/expected.prom";
            Path log = Logged.logFile(root, "promtool-metrics-" + name);
            checks.add(check(
                    key(index++, "promtool-metrics-" + name),
                    log,
                    "promtool check metrics: " + file + " (log: " + log + ")",
                    tool(
                            cases,
                            PROMETHEUS_IMAGE,
                            List.of(
                                    "sh",
                                    "-c",
                                    "promtool check metrics < \"$1\"",
                                    "promtool",
                                    name + "/expected.prom")),
                    "promtool check metrics: " + file));
        }
        return checks;
    }

    /** The golden cases: the folders of DIR that hold an expected.prom, sorted. */
    static List<String> caseNames(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(dir)) {
            return folders.filter(folder -> Files.isRegularFile(folder.resolve("expected.prom")))
                    .map(folder -> folder.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new WpstackException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** check_alertmanager_configs, check_blackbox_config, check_monitoring_caddyfile. */
    public List<Check> toolChecksAfterRules(int firstIndex) {
        int index = firstIndex;
        List<Check> checks = new ArrayList<>();
        for (String config : names(root.resolve("config/alertmanager"), ".yml")) {
            Path log = Logged.logFile(root, "amtool-" + config);
            checks.add(check(
                    key(index++, "amtool-" + config),
                    log,
                    "amtool check-config: config/alertmanager/" + config + " (log: " + log + ")",
                    tool("wpstack/alertmanager:latest", List.of("amtool", "check-config", "alertmanager/" + config)),
                    "amtool check-config: config/alertmanager/" + config));
        }
        Path blackboxLog = Logged.logFile(root, "blackbox-config-check");
        checks.add(check(
                key(index++, "blackbox"),
                blackboxLog,
                "blackbox_exporter --config.check: config/blackbox/blackbox.yml (log: " + blackboxLog + ")",
                tool(
                        "wpstack/blackbox:latest",
                        List.of("blackbox_exporter", "--config.file=blackbox/blackbox.yml", "--config.check")),
                "blackbox_exporter --config.check: config/blackbox/blackbox.yml"));
        Path caddyLog = Logged.logFile(root, "caddy-validate-monitoring");
        checks.add(check(
                key(index, "caddy"),
                caddyLog,
                "caddy validate: " + MonitoringDeploy.CADDYFILE + " (log: " + caddyLog + ")",
                java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(
                                        "docker",
                                        "run",
                                        "--rm",
                                        "--network",
                                        "none",
                                        "-v",
                                        checkDir().resolve("secrets") + ":/run/secrets:ro",
                                        "-v",
                                        checkDir().resolve("caddy/Caddyfile.monitoring") + ":/etc/caddy/Caddyfile:ro",
                                        TestSteps.CADDY_IMAGE),
                                io.wpstack.cli.release.CaddyfileCheck.VALIDATE.stream())
                        .toList(),
                "caddy validate: " + MonitoringDeploy.CADDYFILE));
        return checks;
    }

    /** The first failure message (the bash's: there must be a provisioned datasource uid). */
    Plan datasourceUidsFound(String key) {
        var plan = Plan.builder();
        if (datasourceUids(root).isEmpty()) {
            failed(plan, key, "no datasource uid in " + DATASOURCE_DIR + "/*.yml");
        }
        return plan.build();
    }

    /**
     * A dashboard's checks: JSON and a dashboard (uid, panels), every datasource a provisioned uid (in
     * Java), and its PromQL expressions, as recording rules, parsed by promtool check rules.
     */
    public Plan dashboard(Path file, String key) {
        String name = DASHBOARD_DIR + "/" + file.getFileName();
        var plan = Plan.builder();
        Json tree;
        try (InputStream in = Files.newInputStream(file)) {
            tree = Json.parse(in);
        } catch (JsonProcessingException e) {
            return failed(
                            plan,
                            key + "-json",
                            name + ": not valid JSON, or not a dashboard (uid, panels): " + parseError(e))
                    .build();
        } catch (IOException e) {
            return failed(
                            plan,
                            key + "-json",
                            name + ": not valid JSON, or not a dashboard (uid, panels): " + e.getMessage())
                    .build();
        }
        if (!tree.isObject()
                || !tree.at("uid").map(Json::isString).orElse(false)
                || !tree.at("panels").map(Json::isArray).orElse(false)) {
            return failed(plan, key + "-json", name + ": not valid JSON, or not a dashboard (uid, panels): ")
                    .build();
        }
        String problems = datasourceProblems(tree, datasourceUids(root));
        if (!problems.isEmpty()) {
            failed(plan, key + "-datasources", name + ": " + problems);
        }
        List<String> expressions = expressions(tree);
        if (expressions.isEmpty()) {
            return failed(plan, key + "-promql", name + ": no PromQL expression found")
                    .build();
        }
        String rulesName = file.getFileName() + ".rules.yml";
        Path rules = checkDir().resolve("dashboard-rules").resolve(rulesName);
        Path log = Logged.logFile(root, "promql-" + file.getFileName());
        plan.add(new Step.WriteFile("", rules, rulesFile(expressions), "rw-r--r--", "rwxr-xr-x", false));
        plan.add(record(
                key + "-promql",
                log,
                name + ": PromQL that does not parse: @EXPR@ (log: " + log + ")",
                rules.toString(),
                tool(PROMETHEUS_IMAGE, List.of("promtool", "check", "rules", "dashboard-rules/" + rulesName)),
                Map.of()));
        return plan.build();
    }

    /** The dashboard's line when none of its checks failed. */
    Plan dashboardPassed(Path file, String key) {
        if (anyFailed(key)) {
            return Plan.of();
        }
        return Plan.builder()
                .info(DASHBOARD_DIR + "/" + file.getFileName() + ": JSON, datasource uids, "
                        + dashboardExpressions(file).size() + " PromQL expressions parse")
                .build();
    }

    /**
     * check_monitoring_environment ENV: its settings, its probe targets (no port in a TLS probe's
     * hostname), prometheus.yml with them (promtool check config), and {@code docker stack config} of
     * the stack for ENV publishing GRAFANA_PORT. The first that fails is the environment's failure.
     */
    public Plan environmentCheck(String env, String key) {
        var plan = Plan.builder();
        String prefix = "environment " + env + ": ";
        Settings settings;
        try {
            settings = Settings.load(
                    Catalog.read(root),
                    "test",
                    env,
                    environment,
                    image -> Files.isDirectory(root.resolve("images").resolve(image)));
            settings.check();
            settings.checkMonitoring(name -> Files.isRegularFile(
                    root.resolve("config").resolve("alertmanager").resolve(name)));
        } catch (WpstackException | UsageException e) {
            return failed(plan, key, prefix + e.getMessage()).build();
        }
        String probes = ProbeTargets.of(settings);
        if (settings.tlsEnabled() && TLS_HOSTNAME_PORT.matcher(probes).find()) {
            return failed(
                            plan,
                            key,
                            prefix + "probe targets of " + env + ": a TLS probe's hostname has a port, which"
                                    + " blackbox would send as the TLS server name")
                    .build();
        }
        String stack = MonitoringDeploy.stackName(environment);
        Path targets = checkDir().resolve("targets-" + env).resolve(stack + "-probes-" + env + ".yml");
        plan.add(new Step.WriteFile("", targets, probes, "rw-r--r--", "rwxr-xr-x", false))
                .add(new Step.WriteFile(
                        "",
                        checkDir().resolve("prometheus/targets/probes.yml"),
                        probes,
                        "rw-r--r--",
                        "rwxr-xr-x",
                        false));
        Path promtoolLog = Logged.logFile(root, "promtool-config-" + env);
        plan.add(record(
                key,
                promtoolLog,
                prefix + "promtool check config: config/prometheus/prometheus.yml with the probe targets of " + env
                        + " (log: " + promtoolLog + ")",
                "",
                tool(PROMETHEUS_IMAGE, List.of("promtool", "check", "config", "prometheus/prometheus.yml")),
                Map.of()));
        if (!renderStack) {
            return plan.build();
        }
        Path log = Logged.logFile(root, "monitoring-" + env);
        List<String> argv = new ArrayList<>(List.of("docker", "stack", "config"));
        argv.addAll(MonitoringDeploy.stackFileArgs(root, settings));
        plan.add(record(
                key,
                log,
                prefix + "docker stack config: " + MonitoringDeploy.STACK_FILE + " does not render for " + env
                        + " (log: " + log + ")",
                "",
                argv,
                stackVariables(settings, targets, ContentHash.of(probes))));
        String port = settings.get("GRAFANA_PORT").isEmpty() ? "3000" : settings.get("GRAFANA_PORT");
        plan.add(record(
                key,
                Logged.logFile(root, "monitoring-" + env + "-published"),
                prefix + "docker stack config: " + MonitoringDeploy.STACK_FILE + " for " + env
                        + " does not publish GRAFANA_PORT=" + port + " (log: " + log + ")",
                "",
                List.of("grep", "-q", "published: \"*" + port + "\"*$", log.toString()),
                Map.of()));
        return plan.build();
    }

    /**
     * What {@code docker stack config} of stacks/monitoring.yml gets (bash: load_environment and
     * export_monitoring_variables): the settings, the names and the content hashes.
     */
    Map<String, String> stackVariables(Settings settings, Path targets, String targetsHash) {
        String stack = MonitoringDeploy.stackName(environment);
        String wordpressStack = environment.getOrDefault("WPSTACK_STACK", "");
        if (wordpressStack.isEmpty()) {
            wordpressStack = Secrets.DEFAULT_STACK;
        }
        String alertmanager = settings.get("ALERTMANAGER_CONFIG").isEmpty()
                ? MonitoringDeploy.DEFAULT_ALERTMANAGER_CONFIG
                : settings.get("ALERTMANAGER_CONFIG");
        Map<String, String> variables = new LinkedHashMap<>(settings.values());
        variables.put("MONITORING_STACK", stack);
        variables.put("MONITORING_SECRET_PREFIX", MonitoringDeploy.secretPrefix(stack));
        variables.put("SECRET_PREFIX", StackNames.secretPrefix(wordpressStack, Secrets.DEFAULT_STACK));
        variables.put("WPSTACK_NETWORK", wordpressStack + "_backend");
        variables.put("ALERTMANAGER_CONFIG", alertmanager);
        variables.put("PROBE_TARGETS_FILE", targets.toString());
        variables.put("PROBE_TARGETS_HASH", targetsHash);
        variables.put(
                "PROMETHEUS_CONFIG_HASH",
                ContentHash.ofFiles(root, "config/prometheus/prometheus.yml", "config/prometheus/rules"));
        variables.put("ALERTMANAGER_CONFIG_HASH", ContentHash.ofFiles(root, "config/alertmanager/" + alertmanager));
        variables.put("BLACKBOX_CONFIG_HASH", ContentHash.ofFiles(root, "config/blackbox"));
        variables.put("GRAFANA_CONFIG_HASH", ContentHash.ofFiles(root, "config/grafana"));
        variables.put("CADDY_MONITORING_HASH", ContentHash.ofFiles(root, MonitoringDeploy.CADDYFILE));
        return variables;
    }

    /** The end: every failed check, in order, or the time all took. */
    public Plan verdict(long seconds) {
        List<String> failed = failedChecks();
        if (!failed.isEmpty()) {
            throw new WpstackException(failed.size() + " monitoring config check(s) failed: "
                    + failed.stream().map(message -> "\n  - " + message).collect(Collectors.joining()));
        }
        return Plan.builder()
                .info("monitoring configs: every check passed in " + seconds + "s")
                .build();
    }

    /** The messages of the failed checks, in the checks' order. */
    List<String> failedChecks() {
        if (!Files.isDirectory(failures())) {
            return List.of();
        }
        Map<String, String> messages = new TreeMap<>();
        try (Stream<Path> files = Files.list(failures())) {
            for (Path file : files.toList()) {
                messages.put(
                        file.getFileName().toString(), Files.readString(file).strip());
            }
        } catch (IOException e) {
            throw new WpstackException("cannot read the failed checks in " + failures() + ": " + e.getMessage());
        }
        return List.copyOf(messages.values());
    }

    // --- pieces --------------------------------------------------------------------------------

    /** key(3, "x") = "003-x": failure files sort in the checks' order. */
    static String key(int index, String name) {
        return "%03d-%s".formatted(index, name);
    }

    /** monitoring_run_tool: a tool of IMAGE, without network, with the check folder at /check (read-only, its cwd). */
    List<String> tool(String image, List<String> command) {
        return tool(checkDir(), image, command);
    }

    /** A tool of IMAGE, without network, with folder DIR at /check (read-only, its cwd). */
    static List<String> tool(Path dir, String image, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(
                "docker",
                "run",
                "--rm",
                "--network",
                "none",
                "--entrypoint",
                command.getFirst(),
                "-v",
                dir + ":/check:ro",
                "-w",
                "/check",
                image));
        argv.addAll(command.subList(1, command.size()));
        return argv;
    }

    private Check check(String key, Path log, String failure, List<String> command, String passed) {
        return new Check(key, record(key, log, failure, "", command, Map.of()), passed);
    }

    /** COMMAND in {@link #RECORD}: logged to LOG; on failure MESSAGE recorded under KEY. */
    Step.Run record(
            String key, Path log, String message, String rules, List<String> command, Map<String, String> variables) {
        List<String> argv = new ArrayList<>(List.of(
                "bash",
                "-c",
                RECORD,
                "wpstack-check",
                log.toString(),
                failures().resolve(key).toString(),
                message,
                rules));
        argv.addAll(command);
        return new Step.Run(
                "",
                argv,
                variables,
                Step.Output.SHOWN,
                "the check " + String.join(" ", command.subList(0, Math.min(3, command.size())))
                        + " could not run (above)");
    }

    /** The program a {@link #record} Run runs. */
    public static List<String> command(Step.Run run) {
        return run.argv().subList(RECORD_ARGS, run.argv().size());
    }

    /** The failure message a {@link #record} Run records. */
    public static String failureMessage(Step.Run run) {
        return run.argv().get(6);
    }

    /** A check the Java found failed: shown now, recorded under KEY. */
    private Plan.Builder failed(Plan.Builder plan, String key, String message) {
        return plan.warn("check failed: " + message)
                .add(new Step.WriteFile("", failures().resolve(key), message + "\n", "rw-r--r--", null, false));
    }

    private boolean anyFailed(String key) {
        if (!Files.isDirectory(failures())) {
            return false;
        }
        try (Stream<Path> files = Files.list(failures())) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith(key));
        } catch (IOException e) {
            throw new WpstackException("cannot read the failed checks in " + failures() + ": " + e.getMessage());
        }
    }

    private Plan passed(String message, String key) {
        return anyFailed(key) ? Plan.of() : Plan.builder().info(message).build();
    }

    /** The names of DIR's files ending in SUFFIX, sorted (a shell glob's order in the C locale). */
    static List<String> names(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new WpstackException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** The dashboards config/grafana/dashboards/*.json, sorted. */
    public static List<Path> dashboards(Path root) {
        Path dir = root.resolve(DASHBOARD_DIR);
        return names(dir, ".json").stream().map(dir::resolve).toList();
    }

    /** grafana_datasource_uids: the uids of the provisioned Grafana data sources (uid: lines of their files). */
    public static Set<String> datasourceUids(Path root) {
        Set<String> uids = new TreeSet<>();
        Path dir = root.resolve(DATASOURCE_DIR);
        for (String name : names(dir, ".yml")) {
            try {
                for (String line : Files.readAllLines(dir.resolve(name))) {
                    Matcher matcher = DATASOURCE_UID.matcher(line);
                    if (matcher.find()) {
                        uids.add(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                throw new WpstackException("cannot read " + DATASOURCE_DIR + "/" + name + ": " + e.getMessage());
            }
        }
        return uids;
    }

    /**
     * JQ_DATASOURCE_PROBLEMS: every place a dashboard names a data source (panels, their targets,
     * template variables, panels inside rows) must use the object form {type, uid} with a provisioned
     * uid; the problems, sorted and counted ("2x datasource ...;1x ..."), or "".
     */
    public static String datasourceProblems(Json dashboard, Set<String> uids) {
        List<String> problems = new ArrayList<>();
        walk(dashboard, node -> {
            if (node.isObject() && node.keys().contains("datasource")) {
                Json ref = node.at("datasource").orElse(NULL);
                if (ref.isObject() && ref.at("uid").map(Json::isString).orElse(false)) {
                    if (!uids.contains(ref.string("uid"))) {
                        problems.add("datasource uid \"" + ref.string("uid") + "\" is not provisioned");
                    }
                } else {
                    problems.add("datasource " + ref + " is not an object with a uid");
                }
            }
        });
        Map<String, Integer> counts = new TreeMap<>();
        problems.forEach(problem -> counts.merge(problem, 1, Integer::sum));
        return counts.entrySet().stream()
                .map(entry -> entry.getValue() + "x " + entry.getKey())
                .collect(Collectors.joining(";"));
    }

    /**
     * JQ_EXPRESSIONS: every PromQL expression of the dashboard FILE (each "expr", then the queries of
     * template variables, label_values(...) and query_result(...) unwrapped), Grafana's variables
     * replaced so that promtool can parse it ($__rate_interval 5m, $__interval 1m, $__range 1h, any
     * other variable .*). Fails when FILE is not JSON.
     */
    public static List<String> dashboardExpressions(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return expressions(Json.parse(in));
        } catch (IOException e) {
            throw new WpstackException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    static List<String> expressions(Json dashboard) {
        List<String> found = new ArrayList<>();
        walk(dashboard, node -> {
            if (node.isObject() && node.at("expr").map(Json::isString).orElse(false)) {
                found.add(node.string("expr"));
            }
        });
        for (Json variable :
                dashboard.at("templating", "list").map(Json::children).orElse(List.of())) {
            if (!variable.at("type")
                    .map(type -> type.isString() && type.string().equals("query"))
                    .orElse(false)) {
                continue;
            }
            Json query = variable.at("query").orElse(NULL);
            if (query.isObject()) {
                query = query.at("query").orElse(NULL);
            }
            if (query.isString()) {
                Matcher matcher = TEMPLATE_QUERY.matcher(query.string());
                if (matcher.find()) {
                    found.add(matcher.group("e"));
                }
            }
        }
        List<String> expressions = new ArrayList<>();
        for (String expression : found) {
            if (expression.isEmpty()) {
                continue;
            }
            for (Map.Entry<Pattern, String> variable : VARIABLES) {
                expression = variable.getKey().matcher(expression).replaceAll(variable.getValue());
            }
            expressions.add(expression);
        }
        return List.copyOf(expressions);
    }

    /** The expressions as recording rules dashboard_expression_N (promtool check rules parses them). */
    static String rulesFile(List<String> expressions) {
        StringBuilder text = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            text.append("      - record: dashboard_expression_")
                    .append(i + 1)
                    .append("\n        expr: ")
                    .append(Json.quote(expressions.get(i)))
                    .append('\n');
        }
        return text.toString();
    }

    /** jq's {@code ..}: NODE, then its children, depth first, in order. */
    private static void walk(Json node, Consumer<Json> visit) {
        visit.accept(node);
        for (Json child : node.children()) {
            walk(child, visit);
        }
    }

    /** Jackson's parse error as one line: what, and where. */
    static String parseError(JsonProcessingException e) {
        String what = e.getOriginalMessage().lines().findFirst().orElse("");
        int source = what.indexOf(" (for ");
        if (source >= 0) {
            what = what.substring(0, source);
        }
        var where = e.getLocation();
        return where == null ? what : what + " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }
}

package io.wpstack.cli.monitoring;

import io.wpstack.cli.StackNames;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.deploy.Credentials;
import io.wpstack.cli.deploy.PortHolders;
import io.wpstack.cli.deploy.Ports;
import io.wpstack.cli.deploy.Secrets;
import io.wpstack.cli.deploy.Settings;
import io.wpstack.cli.deploy.StackVariables;
import io.wpstack.cli.model.Stacks;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring stack's part of {@code ./wpstack up} (bash: lib/monitoring.sh's
 * check_monitoring_before_up, deploy_monitoring_stack, print_monitoring_urls), as plans. The names it
 * deploys (stack, secrets, configs, volumes, the probe targets file) are the bash's, so a deployment
 * the bash made is taken over unchanged.
 */
public final class MonitoringDeploy {
    public static final String STACK_FILE = "stacks/monitoring.yml";
    public static final String EMAIL_STACK_FILE = "stacks/monitoring-email.yml";
    public static final String CADDYFILE = "config/caddy/Caddyfile.monitoring";
    public static final String DEFAULT_STACK = "monitoring";
    public static final String DEFAULT_ALERTMANAGER_CONFIG = "alertmanager.yml";
    public static final String EMAIL_ALERTMANAGER_CONFIG = "alertmanager-email.yml";

    /**
     * The images the monitoring stack's services run that wpstack builds, besides those of the
     * WordPress stack (caddy_monitoring runs its caddy image): read from the compose files. Grafana's is
     * pulled.
     */
    public static List<String> images(Path root) {
        List<String> wordpress = Stacks.wordpress(root).builtImages();
        return Stacks.monitoring(root).builtImages().stream()
                .filter(name -> !wordpress.contains(name))
                .toList();
    }

    /** The stack's own secrets (MONITORING_SECRET_PREFIX). */
    public static final String ALERT_WEBHOOK_URL = "alert_webhook_url";

    /** The label holding the hash of the alert webhook secret's value. */
    public static final String CONTENT_LABEL = "io.wpstack.content";

    /** Where alerts go without ALERT_WEBHOOK_URL: an address that refuses connections and says why in the log. */
    public static final String NO_WEBHOOK_URL = "http://127.0.0.1:9/no-webhook-configured-set-ALERT_WEBHOOK_URL";

    private static final Pattern GRAFANA_PIN = Pattern.compile("GRAFANA_IMAGE:-([^}]*)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?}");

    private MonitoringDeploy() {}

    /** monitoring_stack_name: WPSTACK_MONITORING_STACK, default monitoring (also when empty). */
    public static String stackName(Map<String, String> environment) {
        String stack = environment.getOrDefault("WPSTACK_MONITORING_STACK", "");
        return stack.isEmpty() ? DEFAULT_STACK : stack;
    }

    /** monitoring_secret_prefix: "" for the default stack, "NAME_" otherwise. */
    public static String secretPrefix(String stack) {
        return StackNames.secretPrefix(stack, DEFAULT_STACK);
    }

    /** The file .wpstack/logs/pull.log of ROOT (the log of Grafana's pull). */
    public static Path pullLog(Path root) {
        return root.resolve(".wpstack").resolve("logs").resolve("pull.log");
    }

    /** Where the probe targets of STACK for ENVIRONMENT go: .wpstack/monitoring/STACK-probes-ENV.yml. */
    public static Path probeTargetsFile(Path root, String stack, String environment) {
        return root.resolve(".wpstack").resolve("monitoring").resolve(stack + "-probes-" + environment + ".yml");
    }

    // --- check_monitoring_before_up -------------------------------------------------------------

    /**
     * check_monitoring_before_up: what can stop the monitoring deployment, checked before anything is
     * deployed: the stack's name (a usable one, not the WordPress stack's), the monitoring settings,
     * caddy_monitoring's ports (numbers, none of the edge Caddy's, free or already its own) and
     * grafana_viewer_pass (an existing secret needs its value in the credentials file). Throws the
     * bash's messages (exit 1); returns nothing when all is well.
     */
    public static void checkBeforeUp(
            Settings settings,
            String stack,
            String wordpressStack,
            Path root,
            Credentials credentials,
            Path credentialsFile,
            MonitoringReads reads,
            Ports.Publishers publishers,
            PortHolders holders) {
        StackNames.check("WPSTACK_MONITORING_STACK", stack);
        if (stack.equals(wordpressStack)) {
            throw new WpstackException("the monitoring stack and the WordPress stack are both named " + stack
                    + "; set WPSTACK_MONITORING_STACK to another name");
        }
        checkSettings(settings, root);
        Ports.checkMonitoringPortsFree(
                settings,
                Stacks.monitoringPortSettings(root),
                Stacks.edgePortSettings(root, settings.tlsEnabled()),
                stack,
                publishers,
                holders);
        String viewer = Secrets.monitoringSecretName(stack, Secrets.GRAFANA_VIEWER_PASS);
        Secrets.checkMonitoringKnown(
                stack, credentials, credentialsFile, reads.secretExists(viewer) ? Set.of(viewer) : Set.of());
    }

    /** check_monitoring_settings: PROBE_URLS, PROBE_INSECURE_SKIP_VERIFY, ALERTMANAGER_CONFIG a file of config/alertmanager/. */
    static void checkSettings(Settings settings, Path root) {
        settings.checkMonitoring(name -> Files.isRegularFile(
                root.resolve("config").resolve("alertmanager").resolve(name)));
    }

    // --- deploy_monitoring_stack ----------------------------------------------------------------

    /**
     * What the deployment needs besides the engine's state.
     *
     * @param settings the environment's settings (checked by {@link #checkBeforeUp})
     * @param stack the monitoring stack ({@link #stackName})
     * @param wordpressStack the stack it watches (WPSTACK_STACK)
     * @param root the repository
     * @param credentials the completed credentials ({@code Credentials.ensure} ran): grafana_viewer_pass,
     *     lb_admin_user
     * @param images where the images come from (WPSTACK_NAME_IMAGE, WPSTACK_REGISTRY, content tags); its
     *     environment also gives WPSTACK_GRAFANA_IMAGE
     * @param stackVariables what the wpstack stack's deploy got ({@code StackVariables.of}): the
     *     settings, the site's address, CADDY_IMAGE (caddy_monitoring runs it)...; the bash's deploy of
     *     the monitoring stack inherited them all
     */
    public record Request(
            Settings settings,
            String stack,
            String wordpressStack,
            Path root,
            Credentials credentials,
            StackVariables.Images images,
            Map<String, String> stackVariables) {
        public Request {
            stackVariables = Map.copyOf(stackVariables);
        }
    }

    /** Grafana's image, and whether it runs (0 replicas when this engine neither has it nor can pull it). */
    public record Grafana(String image, boolean running) {}

    /**
     * The deployment, up to {@code docker stack deploy}.
     *
     * @param plan the secrets, the probe targets file and the deploy; then the caller waits for {@code
     *     awaitStack} to converge (as for the wpstack stack) and runs {@link #cleanup}
     * @param awaitStack the stack to wait for (at most 5 minutes, as wait_for_stack)
     * @param variables what the deploy of stacks/monitoring.yml gets besides {@code stackVariables}
     * @param configs the Swarm config names this deployment uses (kept by {@link #cleanup})
     * @param grafana Grafana's image, for {@link #urls}
     */
    public record Deployment(
            Plan plan, String awaitStack, Map<String, String> variables, List<String> configs, Grafana grafana) {
        public Deployment {
            variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
            configs = List.copyOf(configs);
        }
    }

    /**
     * build_local_images of the monitoring images: the ones the caller builds before {@link #plan}
     * (the content tags of {@code Request.images} name them), i.e. none from a registry, and not those
     * a WPSTACK_NAME_IMAGE replaces.
     */
    public static List<String> imagesToBuild(Path root, Map<String, String> environment) {
        if (!environment.getOrDefault("WPSTACK_REGISTRY", "").isEmpty()) {
            return List.of();
        }
        return images(root).stream()
                .filter(name -> environment
                        .getOrDefault(StackVariables.imageVariable("WPSTACK_" + name), "")
                        .isEmpty())
                .toList();
    }

    /**
     * deploy_monitoring_stack, up to the wait: grafana_viewer_pass created unless it exists; the alert
     * webhook secret created, kept, or replaced when the URL changed; the probe targets written; the
     * stack deployed with its variables. Reads the engine through READS (and may pull Grafana's image).
     */
    public static Deployment plan(Request request, MonitoringReads reads) {
        Settings settings = request.settings();
        String stack = request.stack();
        var plan = Plan.builder();
        plan.addAll(viewerSecret(request, reads));
        plan.addAll(webhookSecret(settings, stack, reads));

        checkSettings(settings, request.root());
        String probes = ProbeTargets.of(settings);
        Path probesFile = probeTargetsFile(request.root(), stack, settings.environment());
        plan.add(new Step.WriteFile("", probesFile, probes, "rw-r--r--"));
        Map<String, String> variables = variables(request, probesFile, ContentHash.of(probes));

        Grafana grafana = grafana(request, reads);
        for (String name : images(request.root())) {
            variables.put(StackVariables.imageVariable(name), request.images().ref(name));
        }
        variables.put("GRAFANA_IMAGE", grafana.image());
        variables.put("GRAFANA_REPLICAS", grafana.running() ? "1" : "0");
        if (!grafana.running()) {
            plan.warn("Grafana is NOT running: its image " + grafana.image()
                    + " is not on this engine and cannot be pulled (log: " + pullLog(request.root())
                    + "); the rest of the monitoring stack runs, Grafana and its viewer job are scaled to 0. Load the"
                    + " image (docker save " + grafana.image() + " | docker load on this node, or"
                    + " WPSTACK_GRAFANA_IMAGE=another) and rerun ./wpstack up --env " + settings.environment());
        }

        Map<String, String> environment = new LinkedHashMap<>(request.stackVariables());
        environment.putAll(variables);
        plan.info("deploying stack " + stack + " (" + settings.environment() + "), watching stack "
                + request.wordpressStack());
        plan.add(new Step.Run(
                "",
                deployArgv(request, reads.stackDeployHasDetach()),
                environment,
                Step.Output.QUIET,
                "docker stack deploy " + stack + " failed (output above); fix the cause and rerun ./wpstack up --env "
                        + settings.environment()));
        return new Deployment(plan.build(), stack, variables, configNames(request.root(), environment), grafana);
    }

    /** ensure_grafana_viewer_secret. */
    private static Plan viewerSecret(Request request, MonitoringReads reads) {
        String secret = Secrets.monitoringSecretName(request.stack(), Secrets.GRAFANA_VIEWER_PASS);
        Secrets.Ensured ensured = Secrets.ensureMonitoring(
                request.stack(), request.credentials(), reads.secretExists(secret) ? Set.of(secret) : Set.of());
        var plan = Plan.builder();
        for (Secrets.Create create : ensured.create()) {
            plan.add(Step.Run.withInput(create.argv(), create.value(), create.failure()))
                    .info(create.info());
        }
        return plan.build();
    }

    /** alert_webhook_url: ALERT_WEBHOOK_URL, or {@link #NO_WEBHOOK_URL} when none is set. */
    public static String webhookUrl(Settings settings) {
        String url = settings.get("ALERT_WEBHOOK_URL");
        return url.isEmpty() ? NO_WEBHOOK_URL : url;
    }

    /** The io.wpstack.content label of the webhook secret: the hash of the URL and a line break (as the bash's). */
    public static String webhookHash(Settings settings) {
        return ContentHash.of(webhookUrl(settings) + "\n");
    }

    /**
     * ensure_webhook_secret: the secret alert_webhook_url holds the URL (its hash as a label). A secret
     * cannot change in place: a changed URL replaces it, taking it from Alertmanager first (the deploy
     * gives the new one back).
     */
    static Plan webhookSecret(Settings settings, String stack, MonitoringReads reads) {
        String secret = secretPrefix(stack) + ALERT_WEBHOOK_URL;
        String hash = webhookHash(settings);
        var plan = Plan.builder();
        if (reads.secretExists(secret)) {
            if (reads.secretLabel(secret, CONTENT_LABEL).equals(hash)) {
                return plan.build();
            }
            String service = stack + "_alertmanager";
            if (reads.serviceExists(service)) {
                plan.add(Step.Run.of(
                        "",
                        List.of("docker", "service", "update", "--detach", "--secret-rm", secret, service),
                        "taking the secret " + secret + " from " + service + " failed; see docker service ps "
                                + service));
            }
            plan.add(Step.Run.of(
                            "",
                            List.of("docker", "secret", "rm", secret),
                            "removing the secret " + secret + " (to change the webhook URL) failed"))
                    .info("the alert webhook URL changed: replacing the secret " + secret);
        }
        plan.add(Step.Run.withInput(
                        List.of(
                                "docker",
                                "secret",
                                "create",
                                "--label",
                                Secrets.STACK_LABEL + "=" + stack,
                                "--label",
                                CONTENT_LABEL + "=" + hash,
                                secret,
                                "-"),
                        webhookUrl(settings),
                        "creating the Docker secret " + secret + " failed; check docker info and rerun"))
                .info("created secret " + secret);
        if (settings.get("ALERT_WEBHOOK_URL").isEmpty()) {
            plan.warn("no ALERT_WEBHOOK_URL: alerts go nowhere (set it in stacks/env/" + settings.environment()
                    + ".env, or WPSTACK_ALERT_WEBHOOK_URL for one run, and rerun ./wpstack up --env "
                    + settings.environment() + ")");
        }
        return plan.build();
    }

    /** export_monitoring_variables (without the images): names, the probe targets file and the content hashes. */
    private static Map<String, String> variables(Request request, Path probesFile, String probesHash) {
        Path root = request.root();
        String alertmanagerConfig = alertmanagerConfig(request.settings());
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("MONITORING_STACK", request.stack());
        variables.put("MONITORING_SECRET_PREFIX", secretPrefix(request.stack()));
        variables.put("SECRET_PREFIX", Secrets.secretName(request.wordpressStack(), ""));
        variables.put("WPSTACK_NETWORK", request.wordpressStack() + "_backend");
        variables.put("ALERTMANAGER_CONFIG", alertmanagerConfig);
        variables.put("PROBE_TARGETS_FILE", probesFile.toString());
        variables.put("PROBE_TARGETS_HASH", probesHash);
        variables.put(
                "PROMETHEUS_CONFIG_HASH",
                ContentHash.ofFiles(root, "config/prometheus/prometheus.yml", "config/prometheus/rules"));
        variables.put(
                "ALERTMANAGER_CONFIG_HASH", ContentHash.ofFiles(root, "config/alertmanager/" + alertmanagerConfig));
        variables.put("BLACKBOX_CONFIG_HASH", ContentHash.ofFiles(root, "config/blackbox"));
        variables.put("GRAFANA_CONFIG_HASH", ContentHash.ofFiles(root, "config/grafana"));
        variables.put("CADDY_MONITORING_HASH", ContentHash.ofFiles(root, CADDYFILE));
        return variables;
    }

    /** ALERTMANAGER_CONFIG, default alertmanager.yml. */
    static String alertmanagerConfig(Settings settings) {
        String config = settings.get("ALERTMANAGER_CONFIG");
        return config.isEmpty() ? DEFAULT_ALERTMANAGER_CONFIG : config;
    }

    /** grafana_pinned_image: the GRAFANA_IMAGE default stacks/monitoring.yml pins. */
    public static String pinnedGrafanaImage(Path root) {
        String text;
        try {
            text = Files.readString(root.resolve(STACK_FILE));
        } catch (IOException e) {
            throw new WpstackException("cannot read " + STACK_FILE + ": " + e.getMessage());
        }
        Matcher matcher = GRAFANA_PIN.matcher(text);
        if (!matcher.find()) {
            throw new WpstackException(STACK_FILE + " pins no Grafana image (${GRAFANA_IMAGE:-IMAGE}); restore it");
        }
        return matcher.group(1);
    }

    /** WPSTACK_GRAFANA_IMAGE, else the pinned one; running when this engine has it or can pull it. */
    private static Grafana grafana(Request request, MonitoringReads reads) {
        String image = request.images().environment().getOrDefault("WPSTACK_GRAFANA_IMAGE", "");
        if (image.isEmpty()) {
            image = pinnedGrafanaImage(request.root());
        }
        return new Grafana(image, reads.imageExists(image) || reads.pull(image));
    }

    /** monitoring_stack_file_args with deploy_stack_files' flags. */
    static List<String> deployArgv(Request request, boolean detachFlag) {
        List<String> argv = new ArrayList<>(List.of("docker", "stack", "deploy"));
        if (detachFlag) {
            argv.add("--detach=true");
        }
        boolean registry = !request.images().registry().isEmpty();
        argv.addAll(List.of("--prune", "--resolve-image", registry ? "always" : "never"));
        if (registry) {
            argv.add("--with-registry-auth");
        }
        argv.addAll(stackFileArgs(request.root(), request.settings()));
        argv.add(request.stack());
        return argv;
    }

    /** monitoring_stack_file_args: -c stacks/monitoring.yml, and -c stacks/monitoring-email.yml for e-mail alerts. */
    public static List<String> stackFileArgs(Path root, Settings settings) {
        List<String> args =
                new ArrayList<>(List.of("-c", root.resolve(STACK_FILE).toString()));
        if (alertmanagerConfig(settings).equals(EMAIL_ALERTMANAGER_CONFIG)) {
            args.addAll(List.of("-c", root.resolve(EMAIL_STACK_FILE).toString()));
        }
        return args;
    }

    /** The names of the configs of stacks/monitoring.yml with ENVIRONMENT's values, as docker stack deploy names them. */
    static List<String> configNames(Path root, Map<String, String> environment) {
        return Stacks.monitoring(root).configs().stream()
                .map(config -> config.name().isEmpty()
                        ? environment.getOrDefault("MONITORING_STACK", DEFAULT_STACK) + "_" + config.key()
                        : substitute(config.name(), environment))
                .toList();
    }

    /** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message} with ENVIRONMENT's values, as compose does. */
    static String substitute(String text, Map<String, String> environment) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = environment.get(matcher.group(1));
            boolean colon = ":".equals(matcher.group(2));
            boolean unset = value == null || (colon && value.isEmpty());
            String replacement;
            if (matcher.group(3) == null || !unset) {
                replacement = value == null ? "" : value;
            } else if (matcher.group(3).equals("-")) {
                replacement = matcher.group(4);
            } else {
                throw new WpstackException(matcher.group(1) + " is not set: " + matcher.group(4));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    // --- after the wait ---------------------------------------------------------------------------

    /**
     * remove_old_monitoring_configs and the closing line, once the stack converged: every config of
     * STACK that is not one of CURRENT (the deployment's) is removed; Docker refuses those a service
     * still uses, which is not an error. The caller then removes the unused tags of {@link #images}
     * (remove_unused_image_tags) and prints {@link #urls} with the wpstack stack's URLs.
     */
    public static Plan cleanup(String stack, List<String> current, MonitoringReads reads, Duration elapsed) {
        var plan = Plan.builder();
        for (String config : reads.stackConfigs(stack)) {
            if (!current.contains(config)) {
                plan.add(Step.Run.silent(List.of("docker", "config", "rm", config)));
            }
        }
        return plan.info("stack " + stack + " is up after " + elapsed.toSeconds() + "s")
                .build();
    }

    /** print_monitoring_urls: the stack's UIs and who logs in (lb_admin_user; Grafana's viewer). */
    public static Plan urls(Settings settings, Credentials credentials, Grafana grafana) {
        String user = credentials.get("lb_admin_user").orElse("");
        StringBuilder text = new StringBuilder();
        if (grafana.running()) {
            String viewer = settings.get("GRAFANA_VIEWER_USER");
            text.append("Grafana:      http://localhost:")
                    .append(settings.get("GRAFANA_PORT"))
                    .append("/  (admin ")
                    .append(user)
                    .append("; read-only ")
                    .append(viewer.isEmpty() ? "support" : viewer)
                    .append(")\n");
        } else {
            text.append("Grafana:      not running (no image ")
                    .append(grafana.image())
                    .append(" here; see the warning above)\n");
        }
        text.append("Prometheus:   http://localhost:")
                .append(settings.get("PROMETHEUS_PORT"))
                .append("/  (basic auth as ")
                .append(user)
                .append(")\n");
        text.append("Alertmanager: http://localhost:")
                .append(settings.get("ALERTMANAGER_PORT"))
                .append("/  (basic auth as ")
                .append(user)
                .append(")\n");
        text.append("Blackbox:     http://localhost:")
                .append(settings.get("BLACKBOX_PORT"))
                .append("/  (basic auth as ")
                .append(user)
                .append(")\n");
        return Plan.of(new Step.Print(text.toString()));
    }
}

package io.wpstack.cli.commands;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.backup.RepositoryCredentials;
import io.wpstack.cli.deploy.Credentials;
import io.wpstack.cli.deploy.DataNode;
import io.wpstack.cli.deploy.Ports;
import io.wpstack.cli.deploy.ProcPortHolders;
import io.wpstack.cli.deploy.Secrets;
import io.wpstack.cli.deploy.Settings;
import io.wpstack.cli.deploy.SiteAddress;
import io.wpstack.cli.deploy.StackVariables;
import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.images.ImageBuild;
import io.wpstack.cli.images.ImageBuilder;
import io.wpstack.cli.images.ImageCatalog;
import io.wpstack.cli.model.StackFile;
import io.wpstack.cli.model.Stacks;
import io.wpstack.cli.monitoring.EngineMonitoringReads;
import io.wpstack.cli.monitoring.MonitoringDeploy;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import io.wpstack.cli.release.CaddyfileCheck;
import io.wpstack.cli.release.ConnectionHold;
import io.wpstack.cli.release.ConnectionHoldRunner;
import io.wpstack.cli.release.DeployRecord;
import io.wpstack.cli.release.History;
import io.wpstack.cli.release.Promotion;
import io.wpstack.cli.release.ReleaseOutcome;
import io.wpstack.cli.release.ServiceRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wpstack up}: deploys the wpstack stack (and with MONITORING=true the monitoring stack),
 * idempotently. It runs in phases, each a plan computed from what the engine says at that moment:
 * the checks, the images, the credentials and secrets, the deploy and its wait, the WordPress
 * install, the clean-up, the monitoring stack.
 */
@Command(
        name = "up",
        header = "deploy WordPress, MariaDB, Adminer and Caddy (idempotent); production: the monitoring stack too")
public final class UpCommand implements Callable<Integer> {
    private static final Pattern REGISTRY = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    static final String CADDYFILE = "config/caddy/Caddyfile";

    private final App app;

    @Option(
            names = "--env",
            paramLabel = "development|production",
            description = "the environment (default development)")
    String env = "development";

    @Option(
            names = "--registry",
            paramLabel = "R",
            description = "deploy R/wpstack/NAME:VERSION instead of local images")
    String registry;

    @Option(
            names = "--version",
            paramLabel = "V",
            description = "the images' version: wpstack/NAME:V built here, or R/wpstack/NAME:V with --registry;"
                    + " with --env production, the very images V ran in development (promotion)")
    String version;

    @Option(
            names = "--no-backup",
            description =
                    "no snapshot before upgrading MariaDB or WordPress (up takes one when backups are" + " configured)")
    boolean noBackup;

    public UpCommand(App app) {
        this.app = app;
    }

    /** The flags as WPSTACK_REGISTRY and WPSTACK_VERSION, validated. */
    static Map<String, String> flagVariables(String registry, String version) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (registry != null) {
            if (!REGISTRY.matcher(registry).matches()) {
                throw new UsageException(
                        "up",
                        "--registry \"" + registry
                                + "\" is not HOST:PORT, e.g. --registry wpstack-registry.internal:5001");
            }
            variables.put("WPSTACK_REGISTRY", registry);
        }
        if (version != null) {
            if (!TAG.matcher(version).matches()) {
                throw new UsageException("up", "--version \"" + version + "\" is not an image tag");
            }
            variables.put("WPSTACK_VERSION", version);
        }
        return variables;
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        Map<String, String> environment = new HashMap<>(app.context().environment());
        environment.putAll(flagVariables(registry, version));
        Context context = app.context().withEnvironment(environment);
        App up = new App(context, app.docker(), app.swarm(), app.executor());
        DockerReads docker = app.docker();
        String stack = context.stack();
        Settings settings = Settings.load(context, "up", env);
        settings.check();
        String repositoryCredentials = settings.get(RepositoryCredentials.SETTING);
        Map<String, String> credentialsVariables =
                RepositoryCredentials.stackVariables(context.root(), repositoryCredentials);
        Path credentialsFile = context.credentialsFile();
        Credentials credentials = Credentials.read(credentialsFile);
        String monitoringStack = MonitoringDeploy.stackName(environment);
        var monitoringReads = new EngineMonitoringReads(environment, context.root());
        var holders = new ProcPortHolders(Path.of("/proc"));

        execute(Swarm.ensure(context, docker));
        Ports.checkStackPortsFree(
                settings,
                Stacks.edgePortSettings(context.root(), settings.tlsEnabled()),
                stack,
                publishers(docker),
                holders);
        Secrets.checkKnown(stack, credentials, credentialsFile, docker.secretNames());
        if (settings.monitoringEnabled()) {
            MonitoringDeploy.checkBeforeUp(
                    settings,
                    monitoringStack,
                    stack,
                    context.root(),
                    credentials,
                    credentialsFile,
                    monitoringReads,
                    publishers(docker),
                    holders);
        }
        ImageBuilder images = ImageBuilder.real(up);
        ImageCatalog catalog = ImageCatalog.read(context.root());
        StackFile wordpressStack = Stacks.wordpress(context.root());
        // The exporter's image is built with the monitoring stack's (up checks convergence in process).
        images.buildLocalImages(wordpressStack);

        var ensured = credentials.ensure(credentialsFile, new SecureRandom());
        execute(ensured.plan());
        credentials = ensured.credentials();
        execute(secrets(Secrets.ensure(stack, credentials, docker.secretNames())));

        List<DockerReads.NodeRow> nodes = docker.nodes();
        execute(DataNode.ensure(nodes, docker.serviceNodes(stack + "_mariadb"), docker.selfNodeId()));
        execute(DataNode.warnIfContentMayDiverge(settings.get("WORDPRESS_CONSTRAINT"), nodes.size()));
        execute(io.wpstack.cli.backup.BackupPlans.warnings(
                settings.get("BACKUP_REPOSITORY"), settings.get("BACKUP_INTERVAL")));
        RepositoryCredentials.exposure(repositoryCredentials)
                .ifPresent(warning -> execute(Plan.builder().warn(warning).build()));

        SiteAddress site = SiteAddress.of(settings, environment, docker.selfNodeId(), siteNodes(nodes));
        // Local images: wpstack/NAME:latest, or the version asked for (--version), each by its content tag.
        String explicitVersion = environment.getOrDefault("WPSTACK_VERSION", "");
        String localTag = explicitVersion.isEmpty() ? "latest" : explicitVersion;
        var imageRefs =
                new StackVariables.Images(environment, context.revision(), name -> images.contentTag(name, localTag));
        Map<String, String> variables = StackVariables.of(
                settings,
                site,
                stack,
                caddyfileHash(context.root()),
                credentialsVariables,
                wordpressStack.builtImages(),
                imageRefs);
        Optional<Promotion.Pinned> promotion =
                promote(settings.environment(), explicitVersion, stack, wordpressStack, variables, images.reads());
        execute(CaddyfileCheck.plan(
                context.root().resolve(CADDYFILE), CADDYFILE, variables, context.logFile("caddyfile-" + stack)));
        List<String> serviceNames = wordpressStack.serviceNames();
        Map<String, ServiceRelease> before = new LinkedHashMap<>();
        ServiceRelease.deployed(docker, stack, serviceNames).forEach(release -> before.put(release.service(), release));
        execute(io.wpstack.cli.backup.BackupPlans.beforeUpgrade(
                stack,
                settings.values(),
                noBackup,
                docker.serviceJson(io.wpstack.cli.backup.BackupJob.service(stack)),
                deployedImages(stack, docker),
                upcomingImages(variables),
                java.time.Instant.now()));
        Optional<ConnectionHoldRunner> hold = holdCaddysConnections(environment, stack, settings, variables);
        try {
            execute(deploy(
                    context,
                    stack,
                    settings,
                    variables,
                    !imageRefs.registry().isEmpty(),
                    docker.stackDeployHasDetach(),
                    credentials,
                    site));
        } finally {
            hold.ifPresent(ConnectionHoldRunner::close);
        }
        hold.map(ConnectionHoldRunner::report)
                .filter(report -> !report.isEmpty())
                .ifPresent(report -> execute(Plan.builder().info(report).build()));

        List<ServiceRelease> after = ServiceRelease.deployed(docker, stack, serviceNames);
        List<String> failures = ReleaseOutcome.failures(
                stack,
                before,
                after,
                wantedImages(wordpressStack, variables),
                app.swarm().recentTaskErrors(stack));
        execute(Plan.builder()
                .print("versions of stack " + stack + ":\n" + ReleaseOutcome.versions(before, after))
                .addAll(History.record(
                        stack,
                        new DeployRecord(
                                java.time.Instant.now(),
                                DeployRecord.user(environment, DeployRecord.localHost()),
                                "up",
                                settings.environment(),
                                variables.getOrDefault("DEPLOYED_VERSION", ""),
                                failures.isEmpty() ? "deployed" : "rolled back by Swarm",
                                DeployRecord.imagesOf(after)),
                        docker.configNames(History.prefix(stack))))
                .build());
        if (!failures.isEmpty()) {
            throw new io.wpstack.cli.WpstackException(ReleaseOutcome.failureMessage(failures));
        }
        if (promotion.isPresent()) {
            List<String> mismatches = Promotion.mismatches(promotion.get(), after);
            if (!mismatches.isEmpty()) {
                throw new io.wpstack.cli.WpstackException("promotion of version " + explicitVersion
                        + ": not every service runs the image tested in " + Promotion.TESTED_IN + ":\n  "
                        + String.join("\n  ", mismatches));
            }
            execute(Plan.builder().info(Promotion.checked(promotion.get())).build());
        }
        execute(DataNode.warnIfContentDiverges(docker.serviceNodes(stack + "_wordpress")));
        execute(cleanUp(stack, variables.get("CADDYFILE_HASH"), docker));
        execute(cleanUpCredentials(stack, variables.get("BACKUP_CREDENTIALS_HASH"), docker));
        images.removeUnusedImageTags(wordpressStack.builtImages());
        Plan monitoringUrls = Plan.of();
        if (settings.monitoringEnabled()) {
            long monitoringStart = System.nanoTime();
            images.buildChanged(MonitoringDeploy.imagesToBuild(context.root(), environment).stream()
                    .map(name -> ImageBuild.of(context.root(), catalog.get(name), context.revision(), images.args()))
                    .toList());
            var deployment = MonitoringDeploy.plan(
                    new MonitoringDeploy.Request(
                            settings, monitoringStack, stack, context.root(), credentials, imageRefs, variables),
                    monitoringReads);
            execute(deployment.plan());
            execute(Plan.builder()
                    .add(new Step.Await(
                            "waiting for stack " + deployment.awaitStack() + " to converge (at most 5m)",
                            new Step.Condition.StackConverged(deployment.awaitStack()),
                            java.time.Duration.ofMinutes(5),
                            "stack " + deployment.awaitStack() + " did not converge within 5m: the table above names"
                                    + " each lagging service and its newest task error; see docker service ps"))
                    .build());
            execute(MonitoringDeploy.cleanup(
                    monitoringStack,
                    deployment.configs(),
                    monitoringReads,
                    java.time.Duration.ofNanos(System.nanoTime() - monitoringStart)));
            images.removeUnusedImageTags(MonitoringDeploy.images(context.root()));
            monitoringUrls = MonitoringDeploy.urls(settings, credentials, deployment.grafana());
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        return execute(Plan.builder()
                .info("stack " + stack + " is up after " + seconds + "s")
                .print(siteUrls(site, credentials))
                .addAll(monitoringUrls)
                .print(closingLines(settings))
                .build());
    }

    /**
     * up --env production --version V: the images of V's deploy in development replace VARIABLES' image
     * references ({@link Promotion}); a warning when V was not tested on this swarm.
     */
    private Optional<Promotion.Pinned> promote(
            String environmentName,
            String explicitVersion,
            String stack,
            StackFile wordpressStack,
            Map<String, String> variables,
            io.wpstack.cli.images.ImageReads reads) {
        if (!Promotion.applies(environmentName, explicitVersion)) {
            return Optional.empty();
        }
        List<DeployRecord> records = app.docker().configContents(History.prefix(stack)).values().stream()
                .map(DeployRecord::parse)
                .toList();
        Map<String, String> current = new LinkedHashMap<>();
        for (String name : wordpressStack.builtImages()) {
            current.put(name, variables.getOrDefault(StackVariables.imageVariable(name), ""));
        }
        return switch (Promotion.decide(
                explicitVersion, records, wordpressStack.builtImages(), current, reference -> reads.imageId(reference)
                        .isPresent())) {
            case Promotion.Pinned pinned -> {
                variables.putAll(pinned.variables());
                var plan = Plan.builder().info(pinned.info());
                pinned.warnings().forEach(plan::warn);
                execute(plan.build());
                yield Optional.of(pinned);
            }
            case Promotion.Untested untested -> {
                execute(Plan.builder().warn(untested.reason()).build());
                yield Optional.empty();
            }
        };
    }

    /**
     * When this deploy restarts Caddy (a new image or Caddyfile) on this machine's engine: new connections
     * to its ports wait for the new Caddy instead of being refused ({@link ConnectionHold}).
     */
    private Optional<ConnectionHoldRunner> holdCaddysConnections(
            Map<String, String> environment, String stack, Settings settings, Map<String, String> variables) {
        DockerReads docker = app.docker();
        String service = stack + "_caddy";
        if (!ConnectionHold.caddyRestarts(
                docker.serviceJson(service),
                variables.getOrDefault("CADDY_IMAGE", ""),
                stack + "_caddyfile_" + variables.getOrDefault("CADDYFILE_HASH", ""))) {
            return Optional.empty();
        }
        String dockerHost = environment.getOrDefault("DOCKER_HOST", "");
        List<String> caddyNodes = docker.serviceNodes(service); // as docker service ps names them: host names
        String elsewhere = !dockerHost.isEmpty() && !dockerHost.startsWith("unix://")
                ? dockerHost + "'s node"
                : caddyNodes.contains(docker.thisNodeName()) || caddyNodes.contains(docker.selfNodeId())
                        ? ""
                        : "another node";
        if (!elsewhere.isEmpty()) {
            execute(Plan.builder()
                    .info("Caddy restarts on " + elsewhere + ": new connections are refused for about a second (up"
                            + " holds them only on its own machine)")
                    .build());
            return Optional.empty();
        }
        List<Integer> ports = new ArrayList<>();
        int http = Integer.parseInt(settings.get("HTTP_PORT"));
        ports.add(http);
        ports.add(Integer.parseInt(settings.get("ADMINER_PORT")));
        if (settings.tlsEnabled()) {
            ports.add(Integer.parseInt(settings.get("HTTPS_PORT")));
        }
        return Optional.of(ConnectionHoldRunner.start(
                stack,
                ports,
                http,
                docker,
                warning -> execute(Plan.builder().warn(warning).build())));
    }

    private int execute(Plan plan) {
        return app.executor().execute(plan);
    }

    private static Ports.Publishers publishers(DockerReads docker) {
        return port -> docker.portPublisher(port).map(f -> new Ports.Publisher(f.get(0), f.size() > 1 ? f.get(1) : ""));
    }

    static List<SiteAddress.Node> siteNodes(List<DockerReads.NodeRow> nodes) {
        return nodes.stream()
                .map(n -> new SiteAddress.Node(n.id(), n.address(), n.hostname()))
                .toList();
    }

    static String caddyfileHash(Path root) {
        try {
            return StackVariables.caddyfileHash(Files.readAllBytes(root.resolve(CADDYFILE)));
        } catch (IOException e) {
            throw new io.wpstack.cli.WpstackException("cannot read " + CADDYFILE + ": " + e.getMessage());
        }
    }

    /** ensure_secrets: the ones missing are created with their values on standard input. */
    static Plan secrets(Secrets.Ensured ensured) {
        var plan = Plan.builder();
        for (Secrets.Create create : ensured.create()) {
            plan.add(Step.Run.withInput(create.argv(), create.value(), create.failure()))
                    .info(create.info());
        }
        return plan.build();
    }

    /** The compose files: stacks/wordpress.yml, and stacks/wordpress-tls.yml with TLS on. */
    static List<String> stackFiles(Path root, Settings settings) {
        List<String> files =
                new ArrayList<>(List.of("-c", root.resolve(Stacks.WORDPRESS).toString()));
        if (settings.tlsEnabled()) {
            files.addAll(List.of("-c", root.resolve(Stacks.WORDPRESS_TLS).toString()));
        }
        return files;
    }

    /**
     * docker stack deploy (output in a log shown on failure; from a registry: digests pinned and this
     * client's login handed to the nodes), then the wait for convergence and the WordPress install.
     */
    static Plan deploy(
            Context context,
            String stack,
            Settings settings,
            Map<String, String> variables,
            boolean fromRegistry,
            boolean detachFlag,
            Credentials credentials,
            SiteAddress site) {
        List<String> argv = new ArrayList<>(List.of("docker", "stack", "deploy"));
        if (detachFlag) {
            argv.add("--detach=true");
        }
        argv.addAll(List.of("--prune", "--resolve-image", fromRegistry ? "always" : "never"));
        if (fromRegistry) {
            argv.add("--with-registry-auth");
        }
        argv.addAll(stackFiles(context.root(), settings));
        argv.add(stack);
        var origin = SiteAddress.Origin.of(site.url());
        String scheme = origin.scheme();
        String host = origin.host();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("weblog_title", settings.get("SITE_TITLE"));
        form.put("user_name", credentials.get("wp_admin_user").orElseThrow());
        form.put("admin_password", credentials.get("wp_admin_pass").orElseThrow());
        String email = settings.get("WP_ADMIN_EMAIL");
        String domain = settings.get("DOMAIN");
        form.put("admin_email", email.isEmpty() ? "admin@" + (domain.isEmpty() ? "example.com" : domain) : email);
        form.put("blog_public", domain.isEmpty() ? "0" : "1");
        return Plan.builder()
                .info("deploying stack " + stack + " (" + settings.environment() + ")")
                .add(Step.Logged.of(
                        "",
                        argv,
                        variables,
                        context.logFile("deploy-" + stack),
                        "docker stack deploy " + stack
                                + " failed (output above); fix the cause and rerun ./wpstack up"))
                .add(new Step.Await(
                        "waiting for stack " + stack + " to converge (at most 5m)",
                        new Step.Condition.StackConverged(stack),
                        java.time.Duration.ofMinutes(5),
                        "stack " + stack + " did not converge within 5m: the table above names each lagging service"
                                + " and its newest task error; see ./wpstack logs SERVICE"))
                .add(new Step.Await(
                        "",
                        new Step.Condition.WordPressInstalled(stack, host, scheme, form),
                        io.wpstack.cli.deploy.WordPressInstaller.TIMEOUT,
                        "WordPress was not ready to install within 120s; see ./wpstack status and ./wpstack logs"
                                + " wordpress"))
                .build();
    }

    /** remove_old_caddyfiles: Caddyfile configs of this stack no service uses any more. */
    static Plan cleanUp(String stack, String caddyfileHash, DockerReads docker) {
        var plan = Plan.builder();
        for (String config : docker.configNames(stack + "_caddyfile_")) {
            if (!config.equals(stack + "_caddyfile_" + caddyfileHash)) {
                plan.add(Step.Run.silent(List.of("docker", "config", "rm", config)));
            }
        }
        return plan.build();
    }

    /** NAME to the image STACK_NAME runs now, for each of the services with data that is deployed. */
    static Map<String, String> deployedImages(String stack, DockerReads docker) {
        Map<String, String> images = new LinkedHashMap<>();
        for (String name : io.wpstack.cli.backup.BackupPlans.DATA_SERVICES) {
            docker.serviceJson(stack + "_" + name)
                    .map(service -> service.string("Spec", "TaskTemplate", "ContainerSpec", "Image"))
                    .filter(image -> !image.isEmpty())
                    .ifPresent(image -> images.put(name, image));
        }
        return images;
    }

    /** Each service of STACK_FILE that runs an image of a NAME_IMAGE variable, to the image VARIABLES give it. */
    static Map<String, String> wantedImages(StackFile stackFile, Map<String, String> variables) {
        Map<String, String> images = new LinkedHashMap<>();
        for (StackFile.Service service : stackFile.services()) {
            service.imageVariable()
                    .map(variable -> variables.getOrDefault(variable, ""))
                    .filter(image -> !image.isEmpty())
                    .ifPresent(image -> images.put(service.name(), image));
        }
        return images;
    }

    /** NAME to the image up deploys for each service with data (its NAME_IMAGE variable). */
    static Map<String, String> upcomingImages(Map<String, String> variables) {
        Map<String, String> images = new LinkedHashMap<>();
        for (String name : io.wpstack.cli.backup.BackupPlans.DATA_SERVICES) {
            String image = variables.getOrDefault(StackVariables.imageVariable(name), "");
            if (!image.isEmpty()) {
                images.put(name, image);
            }
        }
        return images;
    }

    /**
     * The backup service's credentials secrets of earlier files (STACK_backup_repo_env_HASH): all but the
     * one of HASH, which the service now uses.
     */
    static Plan cleanUpCredentials(String stack, String hash, DockerReads docker) {
        var plan = Plan.builder();
        String prefix = stack + "_backup_repo_env_";
        for (String secret : docker.secretNames()) {
            if (secret.startsWith(prefix) && !secret.equals(prefix + hash)) {
                plan.add(Step.Run.silent(List.of("docker", "secret", "rm", secret)));
            }
        }
        return plan.build();
    }

    /** What up prints last, first part: where the site and Adminer answer. */
    static String siteUrls(SiteAddress site, Credentials credentials) {
        var text = new StringBuilder();
        String url = site.url();
        text.append(String.format(
                "WordPress:    %s/  (admin: %s/wp-admin/ as %s)%n",
                url, url, credentials.get("wp_admin_user").orElse("")));
        if (site.fixedUrl().isEmpty() && !site.otherUrls().isEmpty()) {
            text.append("              also at ")
                    .append(String.join(", ", site.otherUrls()))
                    .append('\n');
        }
        text.append(String.format(
                "Adminer:      %s/  (basic auth as %s; then server mariadb, user wordpress)%n",
                site.adminerUrl(), credentials.get("lb_admin_user").orElse("")));
        return text.toString();
    }

    /** What up prints last, after the monitoring UIs: the passwords and, with TLS=internal, the CA. */
    static String closingLines(Settings settings) {
        var text = new StringBuilder("Passwords:    ./wpstack credentials\n");
        if (settings.get("TLS").equals("internal")) {
            text.append("HTTPS:        certificates from Caddy's local CA; trust its root once: ./wpstack ca"
                    + " (docs/operations.md#https)\n");
            if (settings.get("DOMAIN").isEmpty()) {
                text.append("              no DOMAIN is set: for a public site, set DOMAIN to its name and TLS= empty"
                        + " (a certificate from Let's Encrypt)\n");
            }
        }
        return text.toString();
    }
}

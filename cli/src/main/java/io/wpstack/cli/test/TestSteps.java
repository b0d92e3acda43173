package io.wpstack.cli.test;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.deploy.Settings;
import io.wpstack.cli.model.Stacks;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import io.wpstack.cli.settings.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The steps of {@code ./wpstack test}, in order, each with its prerequisites (bash: cmd_test):
 * preflight, Docker engine, swarm, static checks (shellcheck), base image, images (the exporter's
 * unit tests run inside its build), the Java runtime, the stack and monitoring configs, and the Java
 * suites ({@code ./mvnw -B verify} on the launcher's own JDK 25, or in wpstack/jdk:25 with
 * --java-in-container).
 *
 * @param environment the process environment (WPSTACK_JAVA, WPSTACK_* overrides of the settings)
 * @param pid this process's id (the verify container's name)
 */
public record TestSteps(
        Path root,
        Map<String, String> environment,
        boolean javaInContainer,
        TestDocker docker,
        HostFacts host,
        long pid) {
    public static final String JAVA_SUITES = "java suites";
    static final String JDK_IMAGE = "wpstack/jdk:25";
    static final String CADDYFILE = "config/caddy/Caddyfile";
    static final String CADDY_IMAGE = "wpstack/caddy:latest";

    /** validate_caddyfile's TLS variants: plain, DOMAIN, TLS=internal, both, a node address on other ports. */
    static final List<String> CADDY_VARIANTS = List.of(
            "",
            "DOMAIN=example.com",
            "TLS=internal",
            "DOMAIN=example.com TLS=internal",
            "TLS=internal SITE_HOSTS=192.0.2.10 HTTP_PORT=8080 HTTPS_PORT=8443");

    private static final Pattern REVISION = Pattern.compile("<revision>([^<]*)</revision>");

    public TestSteps {
        root = root.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }

    public List<TestStep> steps() {
        List<TestStep> steps = new ArrayList<>();
        steps.add(TestStep.of("preflight", List.of(), () -> Preflight.plan(host, root)));
        steps.add(TestStep.of("docker engine", List.of("preflight"), this::ensureDocker, this::engineInfo));
        steps.add(TestStep.of("swarm", List.of("docker engine"), this::ensureSwarm, this::swarmInfo));
        steps.add(TestStep.of("static checks", List.of("preflight"), this::ensureShellcheck, this::shellcheck));
        steps.add(TestStep.of("base image", List.of("docker engine"), this::baseImage));
        steps.add(TestStep.of("images", List.of("base image"), this::buildImages));
        steps.add(TestStep.of("java runtime", List.of("base image"), this::javaOnHost, this::javaInBaseImage));
        steps.add(new TestStep("stack configs", List.of("images"), this::stackConfigs));
        steps.add(new TestStep("monitoring configs", List.of("images"), this::monitoringConfigs));
        if (javaInContainer) {
            steps.add(
                    TestStep.of(JAVA_SUITES, List.of("swarm", "base image"), this::jdkImage, this::suitesInContainer));
        } else {
            steps.add(new TestStep(JAVA_SUITES, List.of("swarm"), this::suitesOnHostParts));
        }
        return List.copyOf(steps);
    }

    // --- docker engine, swarm ---

    Plan ensureDocker() {
        return Plan.of(BashLib.call(root, Map.of(), null, "ensure_docker"));
    }

    Plan engineInfo() {
        String version = docker.engineVersion()
                .orElseThrow(() ->
                        new WpstackException("the Docker engine does not answer docker version; check dockerd (its log:"
                                + " .wpstack/logs/dockerd.log when wpstack started it) and rerun"));
        return Plan.builder().info("Docker engine " + version).build();
    }

    /** The swarm up uses: the same single-node init as up's (commands/Swarm). */
    Plan ensureSwarm() {
        var context = new io.wpstack.cli.Context(root, environment, System.out, System.err);
        return io.wpstack.cli.commands.Swarm.ensure(context, io.wpstack.cli.docker.EngineDockerReads.of(environment));
    }

    Plan swarmInfo() {
        return Plan.builder()
                .info("swarm active; this node (" + docker.swarmNodeAddr().orElse("") + ") is a manager")
                .build();
    }

    // --- static checks ---

    Plan ensureShellcheck() {
        return host.onPath("shellcheck")
                ? Plan.of()
                : Plan.of(BashLib.call(root, Map.of(), null, "ensure_command", "shellcheck"));
    }

    Plan shellcheck() {
        List<String> files = shellFiles(root);
        String version = shellcheckVersion(host);
        List<String> argv = new ArrayList<>(List.of("shellcheck", "-x"));
        argv.addAll(files);
        return Plan.builder()
                .info("shellcheck " + version + " on " + files.size() + " files: " + String.join(" ", files))
                .add(new Step.Run("", argv, Map.of(), Step.Output.SHOWN, "shellcheck found problems (above); fix them"))
                .build();
    }

    private static String shellcheckVersion(HostFacts host) {
        // The first line is "ShellCheck - shell script analysis tool"; "version: X" the second.
        return host.firstLine(List.of("sh", "-c", "shellcheck --version | awk '/^version:/ { print $2 }'"))
                .map(String::strip)
                .orElse("");
    }

    /** shell_files: wpstack, .ci/run when they exist, then every *.sh, sorted. */
    static List<String> shellFiles(Path root) {
        List<String> files = new ArrayList<>();
        for (String file : List.of("wpstack", ".ci/run")) {
            if (Files.isRegularFile(root.resolve(file))) {
                files.add(file);
            }
        }
        List<String> scripts = new ArrayList<>();
        try {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(
                        Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                    String name =
                            dir.getFileName() == null ? "" : dir.getFileName().toString();
                    return !dir.equals(root)
                                    && List.of(".git", ".wpstack", "target", "node_modules")
                                            .contains(name)
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                            : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(
                        Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".sh")) {
                        scripts.add(root.relativize(file).toString());
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new WpstackException("cannot list the shell scripts of " + root + ": " + e.getMessage());
        }
        scripts.sort(null);
        files.addAll(scripts);
        return files;
    }

    // --- base image, images, Java runtime ---

    Path baseImageFile() {
        return root.resolve(".wpstack/test-base-image");
    }

    Plan baseImage() {
        return Plan.of(BashLib.script(
                root,
                Map.of(),
                null,
                "ensure_base_image; printf '%s\\n' \"${BASE_IMAGE}\" >\"${WPSTACK_STATE_DIR}/test-base-image\""));
    }

    /** The base image the step "base image" chose (bash: load_test_base_image). */
    String baseImageName() {
        try {
            String name = Files.readString(baseImageFile()).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new WpstackException(
                "the step \"base image\" left no image name in " + baseImageFile() + "; rerun ./wpstack test");
    }

    Map<String, String> withBaseImage() {
        return Map.of("BASE_IMAGE", baseImageName());
    }

    Plan buildImages() {
        // The images step is what a user runs: ./wpstack build (every image of images/images.yml).
        return Plan.of(new io.wpstack.cli.plan.Step.Run(
                "",
                List.of(root.resolve("wpstack").toString(), "build", "--version", version(root)),
                withBaseImage(),
                io.wpstack.cli.plan.Step.Output.SHOWN,
                "./wpstack build failed (above)"));
    }

    /** wpstack_version: the root pom's revision. */
    static String version(Path root) {
        try {
            var matcher = REVISION.matcher(Files.readString(root.resolve("pom.xml")));
            if (matcher.find() && !matcher.group(1).isEmpty()) {
                return matcher.group(1);
            }
        } catch (IOException e) {
            // reported below
        }
        throw new WpstackException(
                "no <revision> property in " + root.resolve("pom.xml") + "; add it or pass --version");
    }

    /** The runtime the launcher runs the CLI on: the parent of the parent of $WPSTACK_JAVA (a JDK 25). */
    Path javaRuntime() {
        String java = environment.getOrDefault("WPSTACK_JAVA", "");
        if (java.isEmpty()) {
            throw new WpstackException("WPSTACK_JAVA is not set: run the tests with ./wpstack test, whose launcher"
                    + " sets it to the Java runtime it runs the CLI on");
        }
        Path bin = Path.of(java).toAbsolutePath().getParent();
        if (bin == null || bin.getParent() == null) {
            throw new WpstackException("WPSTACK_JAVA=" + java + " is not DIR/bin/java; run ./wpstack test");
        }
        return bin.getParent();
    }

    Plan javaOnHost() {
        Path runtime = javaRuntime();
        String java = runtime.resolve("bin/java").toString();
        String version = host.firstLine(List.of(java, "-version"))
                .orElseThrow(() -> new WpstackException(
                        "the Java runtime " + runtime + " does not start on this host: " + java + " -version failed"));
        String libc = host.firstLine(List.of("ldd", "--version")).orElse("ldd unknown");
        return Plan.builder()
                .info("on this host (" + host.prettyName() + ", " + libc + "): " + version)
                .build();
    }

    Plan javaInBaseImage() {
        Path runtime = javaRuntime();
        String image = baseImageName();
        String found = docker.javaIn(image, runtime)
                .orElseThrow(() -> new WpstackException("the Java runtime " + runtime + " does not start in " + image));
        return Plan.builder().info("in " + image + " (" + found + ")").build();
    }

    // --- stack configs (bash: check_stack_configs) ---

    List<TestStep.Part> stackConfigs() {
        List<TestStep.Part> parts = new ArrayList<>();
        parts.add(() -> StackVariablesCheck.plan(StackVariablesCheck.check(
                StackVariablesCheck.read(root), Catalog.read(root).settings())));
        if (!docker.stackConfigSupported()) {
            parts.add(() -> Plan.builder()
                    .warn("this docker client (" + docker.clientVersion()
                            + ") has no `docker stack config` (Docker CLI >= 25): the stack render check is skipped")
                    .build());
        } else {
            for (String env : Catalog.read(root).environments().keySet()) {
                parts.add(() -> renderWordpressStack(env));
            }
        }
        parts.add(this::validateCaddyfile);
        return parts;
    }

    /** render_wordpress_stack ENV: docker stack config of the stack for ENV, with the TLS file when ENV turns TLS on. */
    Plan renderWordpressStack(String env) {
        Settings settings = Settings.load(
                Catalog.read(root),
                "test",
                env,
                environment,
                image -> Files.isDirectory(root.resolve("images").resolve(image)));
        settings.check();
        Map<String, String> variables = new LinkedHashMap<>(settings.values());
        variables.put("STACK", "wpstack");
        variables.put("SECRET_PREFIX", "");
        variables.put("CADDYFILE_HASH", "static-check");
        variables.putAll(io.wpstack.cli.backup.RepositoryCredentials.stackVariables(
                root, settings.get(io.wpstack.cli.backup.RepositoryCredentials.SETTING)));
        for (String name : Stacks.wordpress(root).builtImages()) {
            variables.put(name.toUpperCase(Locale.ROOT) + "_IMAGE", "wpstack/" + name + ":latest");
        }
        List<String> argv = new ArrayList<>(List.of(
                "docker",
                "stack",
                "config",
                "-c",
                root.resolve(Stacks.WORDPRESS).toString()));
        if (settings.tlsEnabled()) {
            argv.addAll(List.of("-c", root.resolve(Stacks.WORDPRESS_TLS).toString()));
        }
        return Plan.builder()
                .add(new Step.Run(
                        "",
                        argv,
                        variables,
                        Step.Output.QUIET,
                        Stacks.WORDPRESS + " does not render for --env " + env + " (above)"))
                .info(Stacks.WORDPRESS + " renders for --env " + env)
                .build();
    }

    Path caddySecrets() {
        return root.resolve(".wpstack/test/caddy-secrets");
    }

    /** validate_caddyfile: caddy validate of config/caddy/Caddyfile in the caddy image, per TLS variant. */
    Plan validateCaddyfile() {
        Path secrets = caddySecrets();
        Path log = Logged.logFile(root, "caddy-validate");
        var plan = Plan.builder()
                .add(new Step.WriteFile(
                        "", secrets.resolve("lb_admin_user"), "static-check\n", "rw-r--r--", "rwxr-xr-x", false))
                .add(new Step.WriteFile(
                        "",
                        secrets.resolve("lb_admin_pass"),
                        "static-check-password\n",
                        "rw-r--r--",
                        "rwxr-xr-x",
                        false));
        for (String variant : CADDY_VARIANTS) {
            List<String> argv = new ArrayList<>(List.of("docker", "run", "--rm"));
            for (String setting : variant.isEmpty() ? List.<String>of() : List.of(variant.split(" "))) {
                argv.addAll(List.of("-e", setting));
            }
            argv.addAll(List.of(
                    "-v",
                    secrets + ":/run/secrets:ro",
                    "-v",
                    root.resolve(CADDYFILE) + ":/etc/caddy/Caddyfile:ro",
                    CADDY_IMAGE));
            argv.addAll(io.wpstack.cli.release.CaddyfileCheck.VALIDATE);
            plan.add(Logged.quiet(
                            log,
                            5,
                            argv,
                            Map.of(),
                            CADDYFILE + " is invalid with " + (variant.isEmpty() ? "no TLS" : variant) + " (log: " + log
                                    + ")"))
                    .info("Caddyfile valid with " + (variant.isEmpty() ? "plain HTTP" : variant));
        }
        return plan.add(new Step.DeleteFile("", secrets.resolve("lb_admin_user")))
                .add(new Step.DeleteFile("", secrets.resolve("lb_admin_pass")))
                .build();
    }

    // --- monitoring configs ---

    /** The monitoring configs' checks (promtool, amtool, blackbox, dashboards, caddy, stack config). */
    List<TestStep.Part> monitoringConfigs() {
        boolean render = docker.stackConfigSupported();
        return new MonitoringChecks(root, environment, render, render ? "" : docker.clientVersion()).parts();
    }

    // --- Java suites ---

    List<TestStep.Part> suitesOnHostParts() {
        return List.of(this::ensureBrowserPackages, this::alignBrowserVersions, this::browserInfo, this::suitesOnHost);
    }

    /** ensure_browser: Debian's chromium, its chromedriver and NSS's certutil. */
    Plan ensureBrowserPackages() {
        var plan = Plan.builder();
        for (List<String> command : List.of(
                List.of("chromium"),
                List.of("chromedriver", "chromium-driver"),
                List.of("certutil", "libnss3-tools"))) {
            if (!host.onPath(command.getFirst())) {
                List<String> words = new ArrayList<>(List.of("ensure_command"));
                words.addAll(command);
                plan.add(BashLib.call(root, Map.of(), null, words.toArray(String[]::new)));
            }
        }
        return plan.build();
    }

    /** browser_version PROGRAM: the second word of {@code PROGRAM --version}. */
    Optional<String> browserVersion(String program) {
        return host.firstLine(List.of(program, "--version")).map(line -> {
            String[] words = line.strip().split("\\s+");
            return words.length > 1 ? words[1] : "";
        });
    }

    Plan alignBrowserVersions() {
        return browserVersion("chromium").equals(browserVersion("chromedriver"))
                ? Plan.of()
                : Plan.of(BashLib.call(root, Map.of(), null, "apt_install", "chromium", "chromium-driver"));
    }

    Plan browserInfo() {
        String browser = browserVersion("chromium").orElse("");
        String driver = browserVersion("chromedriver").orElse("");
        if (!browser.equals(driver)) {
            throw new WpstackException("chromium " + browser + " and chromedriver " + driver
                    + " differ; install one version of both (apt-get install chromium chromium-driver)");
        }
        return Plan.builder().info("chromium and chromedriver " + browser).build();
    }

    Plan suitesOnHost() {
        Path javaHome = javaRuntime();
        if (!Files.isExecutable(javaHome.resolve("bin/javac"))) {
            throw new WpstackException("the launcher's Java runtime " + javaHome + " has no javac, so Maven cannot"
                    + " compile with it; rerun with --java-in-container (the suites then run in " + JDK_IMAGE + ")");
        }
        Path log = Logged.logFile(root, "java-verify");
        return Plan.builder()
                .info("./mvnw -B verify on the host, JAVA_HOME=" + javaHome + " (log: " + log + ")")
                .add(Logged.tee(
                        log,
                        List.of("./mvnw", "-B", "verify"),
                        Map.of("JAVA_HOME", javaHome.toString()),
                        "./mvnw -B verify failed (output above, log: " + log
                                + "); the Surefire/Failsafe reports are in */target/*-reports"))
                .build();
    }

    /** The builder image wpstack/jdk:25 (images/jdk/, cached by docker build), built as ./wpstack build builds. */
    Plan jdkImage() {
        String revision = host.firstLine(List.of("git", "-C", root.toString(), "describe", "--always", "--dirty"))
                .orElse("unknown");
        var build = io.wpstack.cli.images.ImageBuild.of(
                root,
                io.wpstack.cli.images.BuiltImage.inOwnFolder("jdk"),
                "25",
                io.wpstack.cli.images.ImageBuild.Args.of(
                        withBaseImage(), revision, io.wpstack.cli.images.ExtraCaCerts.read(environment)));
        return Plan.builder().addAll(build.announce()).add(build.run()).build();
    }

    Plan suitesInContainer() {
        Path log = Logged.logFile(root, "java-verify");
        List<String> argv = List.of(
                "docker",
                "run",
                "--rm",
                "--name",
                "wpstack-verify-" + pid,
                "-v",
                "/var/run/docker.sock:/var/run/docker.sock",
                "--network",
                "host",
                "--pid",
                "host",
                "-v",
                root + ":" + root,
                "-w",
                root.toString(),
                "-v",
                "wpstack-m2:/root/.m2",
                JDK_IMAGE,
                "./mvnw",
                "-B",
                "verify");
        return Plan.builder()
                .info("./mvnw -B verify in " + JDK_IMAGE + " against the host's dockerd (log: " + log + ")")
                .add(Logged.tee(
                        log,
                        argv,
                        Map.of(),
                        "./mvnw -B verify in " + JDK_IMAGE + " failed (output above, log: " + log
                                + "); the Surefire/Failsafe reports are in */target/*-reports"))
                .build();
    }
}

package io.wpstack.cli.registry;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wpstack registry up}: the CA (made once, kept), the registry's certificate (kept while
 * its SAN list is unchanged and it is 30 days from expiry), basic auth's files, their Swarm secrets
 * (content-named), the stack; then waits until https://NAME:PORT/v2/ answers and removes the older
 * secrets and configs.
 */
@Command(
        name = "up",
        header = "deploy the registry (idempotent): CA, certificate, secrets, stack",
        customSynopsis = "./wpstack registry up [--name NAME] [--port PORT] [--auth|--no-auth]")
public final class RegistryUp implements Callable<Integer> {
    static final String COMMAND = "registry up";
    static final String STACK_FILE = "stacks/registry.yml";
    static final String AUTH_STACK_FILE = "stacks/registry-auth.yml";
    static final String CONFIG_FILE = "config/registry/config.yml";
    static final Duration UP_TIMEOUT = Duration.ofSeconds(120);
    static final Duration POLL = Duration.ofSeconds(2);

    private final App app;
    private final RegistryRuntime runtime;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "the registry's host name (default " + RegistrySettings.DEFAULT_NAME + ")")
    String name;

    @Option(names = "--port", paramLabel = "PORT", description = "the published port (default 5001)")
    String port;

    @Option(names = "--auth", negatable = true, description = "basic auth (user wpstack, password saved in STACK/auth)")
    Boolean auth;

    public RegistryUp(App app) {
        this(app, RegistryRuntime.real(app));
    }

    RegistryUp(App app, RegistryRuntime runtime) {
        this.app = app;
        this.runtime = runtime;
    }

    /** What `up` reads before it plans the files and secrets. */
    record Facts(String hostname, List<String> addresses, Set<String> secrets) {
        Facts {
            addresses = List.copyOf(addresses);
            secrets = Set.copyOf(secrets);
        }
    }

    /** The files-and-secrets plan, and what later steps name: the secrets' hashes, the CA. */
    record Prepared(Plan plan, String tlsHash, String htpasswdHash, String ca, boolean trusted) {}

    @Override
    public Integer call() {
        Context context = app.context();
        RegistryReads reads = runtime.reads();
        Instant start = runtime.clock().instant();
        RegistrySettings.checkFlags(COMMAND, name, port);
        String stack = Registry.stack(context);
        RegistryPaths paths = runtime.paths(context, stack);
        RegistrySettings settings = Registry.settings(paths, stack, COMMAND, name, port, auth);
        app.executor().execute(Registry.ensureSwarm(context, reads));
        Registry.checkPortFree(
                settings,
                reads.localEngine(),
                reads.portListening(settings.port()),
                () -> reads.portHolder(settings.port()));
        RegistryFiles files = RegistryFiles.read(paths, settings);
        List<String> addresses = new ArrayList<>(reads.hostAddresses());
        addresses.addAll(reads.nodeAddresses());
        var facts = new Facts(reads.hostname(), addresses, reads.secretNames());
        Prepared prepared = prepare(settings, paths, files, facts, runtime.pki(), runtime.random());
        app.executor().execute(prepared.plan());
        String configHash = Registry.contentHash(readConfig(context.root()));
        String constraint = constraint(reads.labelledRegistryNode());
        String image = new RegistryImage(app, reads, runtime.clock()).image();
        app.executor()
                .execute(deploy(
                        settings,
                        context.root(),
                        image,
                        constraint,
                        configHash,
                        prepared,
                        reads.stackDeployHasDetach()));
        waitForRegistry(settings, prepared.ca());
        return app.executor()
                .execute(finish(
                        settings,
                        prepared,
                        configHash,
                        reads.labelledSecretNames(stack),
                        reads.configNames(stack + "_config_"),
                        Duration.between(start, runtime.clock().instant())));
    }

    /**
     * The CA, the server certificate, basic auth's files, the settings file and the secrets, each
     * made only when missing or no longer fit.
     */
    static Prepared prepare(
            RegistrySettings settings,
            RegistryPaths paths,
            RegistryFiles files,
            Facts facts,
            Pki pki,
            SecureRandom random) {
        var plan = Plan.builder();
        Pki.Issued ca;
        if (RegistryFiles.present(files.caKey()) && pki.validForAWhile(files.caCrt())) {
            ca = new Pki.Issued(files.caKey(), files.caCrt());
        } else {
            // Made once and reused, so nodes that trust it keep trusting every later certificate.
            ca = pki.newCa(facts.hostname());
            plan.add(Registry.privateDir(paths.caDir()))
                    .info("generating the registry CA (" + paths.caCrt() + "; its key stays in " + paths.caKey()
                            + ", mode 0600)")
                    .add(Registry.write(paths.caKey(), ca.key(), Registry.PRIVATE))
                    .add(Registry.write(paths.caCrt(), ca.certificate(), Registry.PUBLIC));
        }

        List<String> san = Pki.san(settings.name(), facts.addresses());
        String sanText = String.join(",", san);
        String serverKey = files.serverKey();
        String serverCrt = files.serverCrt();
        boolean current = RegistryFiles.present(serverKey)
                && Pki.sanSet(files.serverSan()).equals(Set.copyOf(san))
                && pki.validForAWhile(serverCrt)
                && pki.signedBy(serverCrt, ca.certificate());
        if (!current) {
            BigInteger serial = pki.nextSerial(files.caSerial());
            Pki.Issued server = pki.newServer(ca, settings.name(), san, serial);
            serverKey = server.key();
            serverCrt = server.certificate();
            plan.add(Registry.privateDir(paths.stateDir()))
                    .info("generating the registry certificate for " + sanText)
                    .add(Registry.write(paths.serverKey(), serverKey, Registry.PRIVATE))
                    .add(Registry.write(paths.serverCrt(), serverCrt, Registry.PRIVATE))
                    .add(Registry.write(paths.caSerial(), Pki.serialFile(serial), Registry.PRIVATE))
                    .add(Registry.write(paths.serverSan(), sanText + "\n", Registry.PUBLIC));
        }

        String htpasswdHash = "";
        if (settings.auth()) {
            String password = Htpasswd.savedPassword(files.auth());
            if (password == null) {
                password = Htpasswd.newPassword(random);
                plan.add(Registry.write(paths.auth(), password + "\n", Registry.PRIVATE));
            }
            String htpasswd = files.htpasswd();
            if (!Htpasswd.verifies(htpasswd, RegistrySettings.AUTH_USER, password)) {
                htpasswd = Htpasswd.file(RegistrySettings.AUTH_USER, password, random);
                plan.add(Registry.write(paths.htpasswd(), htpasswd, Registry.PRIVATE))
                        .info("basic auth: user " + RegistrySettings.AUTH_USER + ", password in " + paths.auth()
                                + " (mode 0600)");
            }
            htpasswdHash = Registry.contentHash(htpasswd);
        }

        if (!settings.fileContent().equals(files.settings())) {
            plan.add(Registry.write(paths.settings(), settings.fileContent(), Registry.PUBLIC));
        }

        String stack = settings.stack();
        String tlsHash = Registry.contentHash(serverCrt, serverKey);
        secret(plan, facts.secrets(), stack, stack + "_tls_crt_" + tlsHash, paths.serverCrt());
        secret(plan, facts.secrets(), stack, stack + "_tls_key_" + tlsHash, paths.serverKey());
        if (settings.auth()) {
            secret(plan, facts.secrets(), stack, stack + "_htpasswd_" + htpasswdHash, paths.htpasswd());
        }
        return new Prepared(
                plan.build(),
                tlsHash,
                htpasswdHash,
                ca.certificate(),
                ca.certificate().equals(files.trustedCa()));
    }

    /** A Swarm secret from FILE, unless it exists (its name holds the content hash: same content). */
    private static void secret(Plan.Builder plan, Set<String> existing, String stack, String name, Path file) {
        if (existing.contains(name)) {
            return;
        }
        plan.add(Step.Run.of(
                        "",
                        List.of(
                                "docker",
                                "secret",
                                "create",
                                "--label",
                                "io.wpstack.stack=" + stack,
                                name,
                                file.toString()),
                        "creating the Docker secret " + name + " failed; check docker info and rerun"))
                .info("created secret " + name);
    }

    /** On the node labelled wpstack.registry=true when there is one, else on a manager. */
    static String constraint(boolean labelledNode) {
        return labelledNode ? "node.labels.wpstack.registry == true" : "node.role == manager";
    }

    /** docker stack deploy of stacks/registry.yml (and registry-auth.yml with auth). */
    static Plan deploy(
            RegistrySettings settings,
            Path root,
            String image,
            String constraint,
            String configHash,
            Prepared prepared,
            boolean detachFlag) {
        String stack = settings.stack();
        List<String> argv = new ArrayList<>(List.of("docker", "stack", "deploy"));
        if (detachFlag) {
            argv.add("--detach=true");
        }
        argv.addAll(List.of(
                "--prune",
                "--resolve-image",
                "never",
                "-c",
                root.resolve(STACK_FILE).toString()));
        if (settings.auth()) {
            argv.addAll(List.of("-c", root.resolve(AUTH_STACK_FILE).toString()));
        }
        argv.add(stack);
        Map<String, String> environment = new HashMap<>();
        environment.put("STACK", stack);
        environment.put("REGISTRY_IMAGE", image);
        environment.put("REGISTRY_PORT", Integer.toString(settings.port()));
        environment.put("REGISTRY_CONSTRAINT", constraint);
        environment.put("REGISTRY_CONFIG_HASH", configHash);
        environment.put("REGISTRY_TLS_HASH", prepared.tlsHash());
        environment.put("REGISTRY_HTPASSWD_HASH", prepared.htpasswdHash());
        return Plan.builder()
                .info("deploying stack " + stack + " (" + image + ", port " + settings.port() + ", " + constraint + ")")
                .add(new Step.Run(
                        "",
                        argv,
                        environment,
                        Step.Output.QUIET,
                        "docker stack deploy " + stack + " failed (output above); fix the cause and rerun ./wpstack"
                                + " registry up"))
                .build();
    }

    /** https://NAME:PORT/v2/ answers through TLS with our CA (200, or 401 with auth), else an error. */
    void waitForRegistry(RegistrySettings settings, String ca) {
        RegistryReads reads = runtime.reads();
        String url = "https://" + settings.address() + "/v2/";
        app.executor()
                .execute(Plan.builder()
                        .info("waiting for " + url + " (at most " + UP_TIMEOUT.toSeconds() + "s)")
                        .build());
        Instant start = runtime.clock().instant();
        int code = -1;
        while (Duration.between(start, runtime.clock().instant()).compareTo(UP_TIMEOUT) < 0) {
            Optional<String> node = reads.runningTaskNode(settings.service());
            if (node.isPresent()) {
                code = reads.probe(settings.name(), settings.port(), Registry.probeAddress(node.get(), reads), ca);
                if (code == 200 || code == 401) {
                    app.executor()
                            .execute(Plan.builder()
                                    .info("registry answers at " + url + " after "
                                            + Duration.between(
                                                            start,
                                                            runtime.clock().instant())
                                                    .toSeconds() + "s")
                                    .build());
                    return;
                }
            }
            runtime.sleeper().sleep(POLL);
        }
        throw new WpstackException(timeoutMessage(
                settings,
                code,
                reads.serviceTasks(settings.service(), true).stream()
                        .map(task -> task.name() + " " + task.node() + " " + task.currentState() + " " + task.error())
                        .toList()));
    }

    static String timeoutMessage(RegistrySettings settings, int code, List<String> tasks) {
        String status = code < 0 ? "none" : code == 0 ? "000" : Integer.toString(code);
        String recent = tasks.stream().limit(3).reduce((a, b) -> a + "; " + b).orElse("none");
        return "the registry did not answer at https://" + settings.address() + "/v2/ within "
                + UP_TIMEOUT.toSeconds() + "s (last HTTP status: " + status + "); its latest tasks: " + recent
                + "; see docker service logs " + settings.service();
    }

    /** Removes the older secrets and configs (in-use ones stay: docker refuses), then says what next. */
    static Plan finish(
            RegistrySettings settings,
            Prepared prepared,
            String configHash,
            List<String> labelledSecrets,
            List<String> configs,
            Duration elapsed) {
        String stack = settings.stack();
        var keep = new ArrayList<>(
                List.of(stack + "_tls_crt_" + prepared.tlsHash(), stack + "_tls_key_" + prepared.tlsHash()));
        if (!prepared.htpasswdHash().isEmpty()) {
            keep.add(stack + "_htpasswd_" + prepared.htpasswdHash());
        }
        var plan = Plan.builder();
        for (String secret : Registry.ownSecrets(stack, labelledSecrets)) {
            if (!keep.contains(secret)) {
                plan.add(Step.Run.of("removing old secret " + secret, List.of("docker", "secret", "rm", secret), null));
            }
        }
        for (String config : configs) {
            if (config.startsWith(stack + "_config_") && !config.equals(stack + "_config_" + configHash)) {
                plan.add(Step.Run.of("", List.of("docker", "config", "rm", config), null));
            }
        }
        plan.info("registry " + settings.address() + " is up after " + elapsed.toSeconds() + "s");
        if (prepared.trusted() && !settings.auth()) {
            plan.info("this engine already trusts it; push with: ./wpstack build --push --registry "
                    + settings.address());
        } else {
            plan.info("next: " + settings.stackHint() + "./wpstack registry trust" + settings.flagsHint()
                    + " (this node: CA, name, and login with auth), then ./wpstack build --push --registry "
                    + settings.address());
        }
        return plan.build();
    }

    private static String readConfig(Path root) {
        String config = RegistryFiles.read(root.resolve(CONFIG_FILE));
        if (config == null) {
            throw new WpstackException(CONFIG_FILE + " is missing; restore it (git checkout " + CONFIG_FILE + ")");
        }
        return config;
    }
}

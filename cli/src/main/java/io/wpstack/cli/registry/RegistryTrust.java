package io.wpstack.cli.registry;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wpstack registry trust} (as root): this engine trusts the registry (its CA in
 * /etc/docker/certs.d/NAME:PORT/ca.crt, read per connection: no daemon restart), its name resolves
 * (else an /etc/hosts line "ADDRESS NAME # wpstack registry"), and with basic auth the client is
 * logged in; then prints the one command that does the same on another node.
 */
@Command(
        name = "trust",
        header = "make this node trust the registry (CA, name, login); prints the command for other nodes",
        customSynopsis = "./wpstack registry trust [--name NAME] [--port PORT]")
public final class RegistryTrust implements Callable<Integer> {
    static final String COMMAND = "registry trust";

    private final App app;
    private final RegistryRuntime runtime;

    @Option(names = "--name", paramLabel = "NAME", description = "the registry's host name")
    String name;

    @Option(names = "--port", paramLabel = "PORT", description = "the registry's port")
    String port;

    public RegistryTrust(App app) {
        this(app, RegistryRuntime.real(app));
    }

    RegistryTrust(App app, RegistryRuntime runtime) {
        this.app = app;
        this.runtime = runtime;
    }

    /** What trust reads: whether it runs as root, how the name resolves, the registry's address. */
    record Facts(boolean root, String resolved, String nodeAddress, String hosts) {}

    @Override
    public Integer call() {
        Context context = app.context();
        RegistryReads reads = runtime.reads();
        RegistrySettings.checkFlags(COMMAND, name, port);
        String stack = Registry.stack(context);
        RegistryPaths paths = runtime.paths(context, stack);
        RegistrySettings settings = Registry.settings(paths, stack, COMMAND, name, port, null);
        RegistryFiles files = RegistryFiles.read(paths, settings);
        requireCa(paths, files);
        boolean root = reads.root();
        Plan.Builder warnings = Plan.builder();
        Optional<String> resolved = reads.resolve(settings.name());
        String nodeAddress = Registry.nodeAddress(settings, reads, warnings);
        var facts = new Facts(root, resolved.orElse(null), nodeAddress, RegistryFiles.read(paths.hostsFile()));
        return app.executor()
                .execute(Plan.builder()
                        .addAll(warnings.build())
                        .addAll(plan(settings, paths, files, facts))
                        .build());
    }

    static void requireCa(RegistryPaths paths, RegistryFiles files) {
        if (!RegistryFiles.present(files.caCrt())) {
            throw new WpstackException("no registry CA in " + paths.caDir()
                    + "; run ./wpstack registry up first (on the manager that holds .wpstack/registry)");
        }
    }

    static String notRoot(RegistryPaths paths) {
        return "./wpstack registry trust writes " + paths.certsDir() + " and " + paths.hostsFile() + "; rerun as root";
    }

    /** Installs the CA, names the registry, logs in (with auth), prints the other nodes' command. */
    static Plan plan(RegistrySettings settings, RegistryPaths paths, RegistryFiles files, Facts facts) {
        requireCa(paths, files);
        if (!facts.root()) {
            throw new WpstackException(notRoot(paths));
        }
        var plan = Plan.builder();
        String target = paths.trustedCa(settings).toString();
        if (files.trusted()) {
            plan.info("this engine already trusts " + settings.address() + " (" + target + ")");
        } else {
            plan.add(Registry.write(paths.trustedCa(settings), files.caCrt(), Registry.PUBLIC))
                    .info("installed the registry CA at " + target);
        }

        String hosts = paths.hostsFile().toString();
        if (facts.resolved() != null) {
            plan.info(settings.name() + " resolves to " + facts.resolved());
            if (facts.resolved().startsWith("127.") || facts.resolved().equals("::1")) {
                plan.warn(settings.name() + " resolves to a loopback address: Docker then treats the registry as"
                        + " insecure and skips its certificate; point it at the node's own address");
            }
        } else if (HostsFile.has(facts.hosts(), facts.nodeAddress(), settings.name())) {
            plan.warn(settings.name() + " is in " + hosts + " (\"" + facts.nodeAddress() + " " + settings.name()
                    + "\") but does not resolve; check the hosts line of /etc/nsswitch.conf");
        } else {
            String pair = facts.nodeAddress() + " " + settings.name();
            plan.add(HostsFile.append(
                            paths.hostsFile(),
                            facts.hosts(),
                            HostsFile.line(facts.nodeAddress(), settings.name()),
                            "cannot add " + settings.name() + " to " + hosts + "; run as root, or add \"" + pair
                                    + "\" to your DNS"))
                    .info(settings.name() + " did not resolve: added \"" + pair + "\" to " + hosts);
        }

        if (settings.auth()) {
            // docker login reads the password (the auth file's one line) on its standard input.
            if (files.auth() == null) {
                throw new WpstackException("the registry has basic auth but " + paths.auth()
                        + " (its password) is missing; rerun ./wpstack registry up --auth on the registry's node");
            }
            plan.add(Step.Run.withInput(
                            List.of(
                                    "docker",
                                    "login",
                                    "--username",
                                    RegistrySettings.AUTH_USER,
                                    "--password-stdin",
                                    settings.address()),
                            files.auth().strip() + "\n",
                            "docker login " + settings.address() + " failed; check ./wpstack registry status and that "
                                    + paths.auth() + " matches the deployed htpasswd (rerun ./wpstack registry up)"))
                    .info("logged in to " + settings.address() + " as " + RegistrySettings.AUTH_USER);
        }

        return plan.info("on every other node, as root, run this one command (it installs the CA and names the"
                        + " registry):")
                .print(remoteCommand(settings, files.caCrt(), facts.nodeAddress()) + "\n")
                .build();
    }

    /** One shell command (as root) that makes another node trust the registry. */
    static String remoteCommand(RegistrySettings settings, String ca, String address) {
        String dir = RegistryPaths.CERTS_DIR.resolve(settings.address()).toString();
        String base64 = Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.UTF_8));
        return "mkdir -p '" + dir + "' && echo '" + base64 + "' | base64 -d > '" + dir + "/ca.crt' && { getent hosts "
                + settings.name() + " >/dev/null || echo '" + HostsFile.line(address, settings.name()) + "' >> "
                + RegistryPaths.HOSTS_FILE + "; }";
    }
}

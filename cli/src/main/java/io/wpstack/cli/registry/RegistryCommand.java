package io.wpstack.cli.registry;

import io.wpstack.cli.App;
import io.wpstack.cli.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./wpstack registry up|trust|down|status}: the private TLS registry the swarm's nodes pull
 * from (stack WPSTACK_REGISTRY_STACK, default registry). State, kept as the bash version kept it,
 * under .wpstack/registry/: ca.key (0600), ca.crt and ca.srl, the CA every node trusts; STACK/
 * server.{key,crt,san}, settings (name, port, auth), and with basic auth htpasswd and auth.
 */
@Command(
        name = "registry",
        header = "the private TLS registry the swarm's nodes pull from",
        customSynopsis = "./wpstack registry up|trust|down|status [--name N] [--port P]")
public final class RegistryCommand implements Callable<Integer> {
    private final App app;

    /** A word that is no subcommand (picocli would otherwise name it "unmatched"). */
    @Parameters(arity = "0..*", hidden = true)
    List<String> unknown = new ArrayList<>();

    public RegistryCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        if (unknown.isEmpty()) {
            throw new UsageException("registry", "name a subcommand: up, trust, down or status");
        }
        throw new UsageException(
                "registry", "unknown subcommand \"" + unknown.getFirst() + "\"; one of: up, trust, down, status");
    }

    /** This command with its subcommands (they share its {@link App}). */
    public CommandLine withSubcommands() {
        return new CommandLine(this)
                .addSubcommand(new RegistryUp(app))
                .addSubcommand(new RegistryTrust(app))
                .addSubcommand(new RegistryDown(app))
                .addSubcommand(new RegistryStatus(app));
    }
}

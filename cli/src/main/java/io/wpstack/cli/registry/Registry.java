package io.wpstack.cli.registry;

import io.wpstack.cli.Context;
import io.wpstack.cli.StackNames;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** What the registry commands share: the stack's name, settings, swarm and address rules. */
final class Registry {
    static final String PRIVATE = "rw-------";
    static final String PUBLIC = "rw-r--r--";

    private Registry() {}

    /** WPSTACK_REGISTRY_STACK (default registry), checked as a stack name. */
    static String stack(Context context) {
        String stack = context.env("WPSTACK_REGISTRY_STACK", RegistrySettings.DEFAULT_STACK);
        StackNames.check("WPSTACK_REGISTRY_STACK", stack);
        return stack;
    }

    /** The settings of STACK for COMMAND: flags over the saved ones over the defaults. */
    static RegistrySettings settings(
            RegistryPaths paths, String stack, String command, String name, String port, Boolean auth) {
        return RegistrySettings.resolve(command, stack, name, port, auth, RegistryFiles.read(paths.settings()));
    }

    /** The first 12 hex digits of the SHA-256 of the texts, one after the other (cat | sha256sum). */
    static String contentHash(String... texts) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (String text : texts) {
                digest.update(text.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secrets `registry up` made for STACK (from their names; others with the label stay). */
    static List<String> ownSecrets(String stack, List<String> labelled) {
        Pattern own = Pattern.compile(Pattern.quote(stack) + "_(tls_crt|tls_key|htpasswd)_[0-9a-f]{12}");
        return labelled.stream().filter(name -> own.matcher(name).matches()).toList();
    }

    /** Writes a file (atomically) with MODE. */
    static Step write(Path path, String content, String mode) {
        return new Step.WriteFile("", path, content, mode);
    }

    /** The folder exists with mode 0700 (mkdir -p; chmod 0700). */
    static Step privateDir(Path dir) {
        return Step.Run.of(
                "",
                List.of("install", "-d", "-m", "0700", dir.toString()),
                "cannot create " + dir + " (mode 0700); check the owner and mode of " + dir.getParent());
    }

    /**
     * The engine is a swarm manager: nothing to do when it is one, a `docker swarm init` when it is
     * in no swarm, else an error saying what to do.
     */
    static Plan ensureSwarm(Context context, RegistryReads reads) {
        return io.wpstack.cli.commands.Swarm.ensure(context, reads);
    }

    /** The port is free, or the registry's own service holds it (a redeploy); else an error. */
    static void checkPortFree(
            RegistrySettings settings, boolean localEngine, boolean listening, Supplier<String> holder) {
        // /proc/net/tcp shows this machine's ports only; a remote engine's bind error shows in the tasks.
        if (!localEngine || !listening) {
            return;
        }
        String who = holder.get();
        if (who.endsWith("(service " + settings.service() + ")")) {
            return;
        }
        throw new WpstackException("port " + settings.port() + " is already in use by " + who
                + "; stop it, or choose another port (./wpstack registry up --port PORT)");
    }

    /**
     * The address other machines reach the registry at (for /etc/hosts): the node its task runs on,
     * unless that is this one; then the default route's address rather than 127.0.0.1 (Docker treats
     * a registry whose name resolves to a loopback address as insecure and skips its certificate).
     */
    static String nodeAddress(RegistrySettings settings, RegistryReads reads, Plan.Builder warnings) {
        Optional<String> node = reads.runningTaskNode(settings.service());
        String self = reads.thisNodeName();
        if (node.isPresent() && !node.get().equals(self)) {
            Optional<String> addr = reads.nodeAddress(node.get());
            if (addr.isPresent()
                    && !addr.get().startsWith("127.")
                    && !addr.get().equals("0.0.0.0")) {
                return addr.get();
            }
        }
        Optional<String> route = reads.defaultRouteAddress();
        if (route.isPresent()) {
            return route.get();
        }
        warnings.warn("no non-loopback address found; using 127.0.0.1 for " + settings.name()
                + " (Docker then skips checking the registry's certificate)");
        return "127.0.0.1";
    }

    /** Where to reach the task running on NODE from here: loopback when it is this node. */
    static String probeAddress(String node, RegistryReads reads) {
        return node.equals(reads.thisNodeName())
                ? "127.0.0.1"
                : reads.nodeAddress(node).orElse("");
    }
}

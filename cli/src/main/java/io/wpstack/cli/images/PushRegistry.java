package io.wpstack.cli.images;

import io.wpstack.cli.Context;
import io.wpstack.cli.StackNames;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where `build --push` sends the images, and whether this engine can push there (bash:
 * default_push_registry, check_push_registry, check_push_trust): the registries `registry up`
 * deployed from here keep their settings in CA_DIR/STACK/settings (CA_DIR: .wpstack/registry), and
 * this engine trusts one when CERTS_DIR/NAME:PORT/ca.crt exists.
 *
 * <p>The settings file's format and defaults are the registry package's (RegistrySettings,
 * RegistryPaths): {@link Saved#parse} mirrors RegistrySettings.resolve until those are public.
 */
public record PushRegistry(Path caDir, Path certsDir, String stack, boolean localEngine) {
    static final String DEFAULT_STACK = "registry";
    static final String DEFAULT_NAME = "wpstack-registry.internal";
    static final int DEFAULT_PORT = 5001;
    static final Path CERTS_DIR = Path.of("/etc/docker/certs.d");
    private static final Pattern ADDRESS = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** The registry settings `registry up` saved: its name and port. */
    record Saved(String name, int port) {
        /** NAME=, PORT= lines of a settings file; the defaults for what is missing. */
        static Saved parse(String text) {
            String name = null;
            Integer port = null;
            for (String line : text.split("\n", -1)) {
                int eq = line.indexOf('=');
                String key = eq < 0 ? line : line.substring(0, eq);
                String value = eq < 0 ? line : line.substring(eq + 1);
                if (key.equals("NAME") && name == null && !value.isEmpty()) {
                    name = value;
                } else if (key.equals("PORT")
                        && port == null
                        && PORT.matcher(value).matches()) {
                    port = Integer.valueOf(value);
                }
            }
            return new Saved(name == null ? DEFAULT_NAME : name, port == null ? DEFAULT_PORT : port);
        }

        String address() {
            return name + ":" + port;
        }
    }

    /** The repository's registries (WPSTACK_REGISTRY_STACK, default registry) and this machine's trust. */
    public static PushRegistry of(Context context) {
        String stack = context.env("WPSTACK_REGISTRY_STACK", DEFAULT_STACK);
        StackNames.check("WPSTACK_REGISTRY_STACK", stack);
        String host = context.env("DOCKER_HOST", "");
        return new PushRegistry(
                context.root().resolve(".wpstack/registry"),
                CERTS_DIR,
                stack,
                host.isEmpty() || host.startsWith("unix://"));
    }

    /** NAME:PORT of the registry `./wpstack registry up` deployed (the stack's saved settings). */
    public String defaultRegistry() {
        return read(caDir.resolve(stack).resolve("settings"))
                .map(text -> Saved.parse(text).address())
                .orElseThrow(() -> new UsageException(
                        "build",
                        "no registry to push to: pass --registry NAME:PORT, or deploy one with ./wpstack registry"
                                + " up"));
    }

    /**
     * REGISTRY is HOST[:PORT], as docker accepts it in an image reference, and trusted here (checked
     * before the builds, so a missing step fails in a second, not after them).
     */
    public void check(String registry, ImageReads reads) {
        if (!ADDRESS.matcher(registry).matches()) {
            throw new UsageException(
                    "build",
                    "--registry \"" + registry + "\" is not HOST:PORT, e.g. --registry " + DEFAULT_NAME + ":"
                            + DEFAULT_PORT);
        }
        checkTrust(registry, reads);
    }

    /**
     * For a registry wpstack deployed and a local engine: its CA is in certs.d and its name resolves,
     * before anything is pushed. Other registries are the user's to set up.
     */
    public void checkTrust(String registry, ImageReads reads) {
        if (!localEngine) {
            return;
        }
        Optional<Saved> made = madeHere(registry);
        if (made.isEmpty()) {
            return;
        }
        Path ca = certsDir.resolve(registry).resolve("ca.crt");
        if (read(ca).filter(text -> !text.isEmpty()).isEmpty()) {
            throw new WpstackException(untrustedMessage(registry));
        }
        Saved saved = made.get();
        if (!reads.resolves(saved.name())) {
            throw new WpstackException(saved.name() + " does not resolve on this node: run ./wpstack registry trust"
                    + " --name " + saved.name() + " --port " + saved.port() + " (adds it to /etc/hosts), then rerun");
        }
    }

    /** What to do when the engine does not trust REGISTRY. */
    String untrustedMessage(String registry) {
        int colon = registry.indexOf(':');
        String host = colon < 0 ? registry : registry.substring(0, colon);
        String port = colon < 0 ? "443" : registry.substring(registry.lastIndexOf(':') + 1);
        return "the registry's certificate is not trusted by this Docker engine: run ./wpstack registry trust --name "
                + host + " --port " + port + " (as root, on this node; it installs " + certsDir.resolve(registry)
                + "/ca.crt), then rerun";
    }

    /** The settings of the registry (of any stack) deployed from here at REGISTRY, if one was. */
    Optional<Saved> madeHere(String registry) {
        if (!Files.isDirectory(caDir)) {
            return Optional.empty();
        }
        List<Path> stacks;
        try (Stream<Path> entries = Files.list(caDir)) {
            stacks = entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path dir : stacks) {
            Path settings = dir.resolve("settings");
            if (Files.isRegularFile(settings)) {
                Saved saved = Saved.parse(read(settings).orElse(""));
                if (saved.address().equals(registry)) {
                    return Optional.of(saved);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new WpstackException(
                    "cannot read " + file + ": " + e.getMessage() + "; check its owner and mode (or rerun as root)");
        }
    }
}

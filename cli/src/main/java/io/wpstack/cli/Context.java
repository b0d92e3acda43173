package io.wpstack.cli;

import io.wpstack.cli.settings.Catalog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every command starts from: the repository, the process environment (WPSTACK_* overrides,
 * HOME), and the streams it talks on. Tests build one with a temporary folder and a map.
 */
public record Context(Path root, Map<String, String> environment, PrintStream out, PrintStream err) {
    public Context {
        root = root.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }

    public static Context fromProcess(Path root) {
        return new Context(root, System.getenv(), System.out, System.err);
    }

    /** This context with another process environment (e.g. up's flags as WPSTACK_ variables). */
    public Context withEnvironment(Map<String, String> changed) {
        return new Context(root, changed, out, err);
    }

    /** The root pom's revision: the version images are tagged with by default. */
    public String revision() {
        try {
            var matcher = java.util.regex.Pattern.compile("<revision>([^<]+)</revision>")
                    .matcher(java.nio.file.Files.readString(root.resolve("pom.xml")));
            if (!matcher.find()) {
                throw new WpstackException(
                        "no <revision> property in " + root.resolve("pom.xml") + "; add it or pass --version");
            }
            return matcher.group(1);
        } catch (java.io.IOException e) {
            throw new WpstackException("cannot read " + root.resolve("pom.xml") + ": " + e.getMessage());
        }
    }

    /** .wpstack/logs/NAME.log (the folder is made when the log is written). */
    public Path logFile(String name) {
        return root.resolve(".wpstack/logs").resolve(name + ".log");
    }

    /** An environment variable, or {@code fallback} when unset. */
    public String env(String name, String fallback) {
        return environment.getOrDefault(name, fallback);
    }

    /** The settings' declarations and the environments, from stacks/env/. */
    public Catalog catalog() {
        return Catalog.read(root);
    }

    /** The stack this run manages: WPSTACK_STACK, default wpstack. */
    public String stack() {
        // As bash's ${WPSTACK_STACK:-wpstack}: set but empty means the default too.
        String stack = env("WPSTACK_STACK", "");
        if (stack.isEmpty()) {
            stack = "wpstack";
        }
        StackNames.check("WPSTACK_STACK", stack);
        return stack;
    }

    /** This process runs as root (it may install packages and write /etc). */
    public boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** ~/.config/wpstack (or $XDG_CONFIG_HOME/wpstack). */
    public Path configDir() {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(env("HOME", "/root"), ".config");
        return base.resolve("wpstack");
    }

    /** The stack's credentials file: WPSTACK_CREDENTIALS, else credentials (wpstack) or credentials-STACK. */
    public Path credentialsFile() {
        String explicit = environment.get("WPSTACK_CREDENTIALS");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String stack = stack();
        return configDir().resolve(stack.equals("wpstack") ? "credentials" : "credentials-" + stack);
    }
}

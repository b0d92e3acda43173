package io.wpstack.cli.registry;

import io.wpstack.cli.UsageException;
import java.util.regex.Pattern;

/**
 * A registry's name, port and basic auth: from the flags, else the saved ones (STACK/settings),
 * else the defaults. The saved file's format (NAME=, PORT=, AUTH= lines) is the bash version's.
 */
record RegistrySettings(String stack, String name, int port, boolean auth) {
    static final String DEFAULT_STACK = "registry";
    static final String DEFAULT_NAME = "wpstack-registry.internal";
    static final int DEFAULT_PORT = 5001;
    static final String AUTH_USER = "wpstack";

    private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /**
     * The settings for COMMAND ("registry up"): flags (null when not given) over SAVED (the
     * settings file's text, null when there is none) over the defaults. A bad flag is a usage error.
     */
    static RegistrySettings resolve(
            String command, String stack, String nameFlag, String portFlag, Boolean authFlag, String saved) {
        String name = nameFlag == null ? null : checkName(command, nameFlag);
        Integer port = portFlag == null ? null : checkPort(command, portFlag);
        Boolean auth = authFlag;
        if (saved != null) {
            for (String line : saved.split("\n", -1)) {
                int eq = line.indexOf('=');
                String key = eq < 0 ? line : line.substring(0, eq);
                String value = eq < 0 ? line : line.substring(eq + 1);
                switch (key) {
                    case "NAME" -> name = name != null || value.isEmpty() ? name : value;
                    case "PORT" -> port = port != null || value.isEmpty() ? port : savedPort(value);
                    case "AUTH" -> auth = auth != null || value.isEmpty() ? auth : value.equals("1");
                    default -> {
                        // other lines: ignored, as the bash version did
                    }
                }
            }
        }
        return new RegistrySettings(
                stack, name == null ? DEFAULT_NAME : name, port == null ? DEFAULT_PORT : port, auth != null && auth);
    }

    private static Integer savedPort(String value) {
        return PORT.matcher(value).matches() ? Integer.valueOf(value) : null;
    }

    /** The flags given (null: not given) are valid, else a usage error of COMMAND. */
    static void checkFlags(String command, String name, String port) {
        if (name != null) {
            checkName(command, name);
        }
        if (port != null) {
            checkPort(command, port);
        }
    }

    /** NAME is a DNS name Docker accepts as a registry host, else a usage error of COMMAND. */
    static String checkName(String command, String name) {
        if (name.isEmpty()) {
            throw new UsageException(command, "--name needs a value");
        }
        if (!NAME.matcher(name).matches() || name.length() > 253) {
            throw new UsageException(
                    command,
                    "--name \"" + name + "\" is not a host name (lower-case letters, digits, dots and dashes, e.g. "
                            + DEFAULT_NAME + ")");
        }
        return name;
    }

    /** PORT is 1-65535 (leading zeros allowed, as in bash's 10#PORT), else a usage error. */
    static int checkPort(String command, String port) {
        if (port.isEmpty()) {
            throw new UsageException(command, "--port needs a value");
        }
        if (PORT.matcher(port).matches()) {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        }
        throw new UsageException(
                command, "--port \"" + port + "\" is not a port number (1-65535), e.g. --port " + DEFAULT_PORT);
    }

    /** NAME:PORT, as in image references and under /etc/docker/certs.d. */
    String address() {
        return name + ":" + port;
    }

    /** The settings file's text. */
    String fileContent() {
        return "NAME=" + name + "\nPORT=" + port + "\nAUTH=" + (auth ? "1" : "0") + "\n";
    }

    /** "WPSTACK_REGISTRY_STACK=NAME " when not the default stack (to repeat in a hint). */
    String stackHint() {
        return stack.equals(DEFAULT_STACK) ? "" : "WPSTACK_REGISTRY_STACK=" + stack + " ";
    }

    /** The flags that repeat a non-default name and port (" --name N --port P"). */
    String flagsHint() {
        return (name.equals(DEFAULT_NAME) ? "" : " --name " + name) + (port == DEFAULT_PORT ? "" : " --port " + port);
    }

    /** The registry's service. */
    String service() {
        return stack + "_registry";
    }
}

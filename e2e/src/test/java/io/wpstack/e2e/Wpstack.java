package io.wpstack.e2e;

import io.wpstack.testkit.CommandResult;
import io.wpstack.testkit.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Drives ./wpstack as a user would, with its own stack name, ports and credentials file. */
final class Wpstack {
    static final Path ROOT =
            Path.of(System.getProperty("wpstack.root", "..")).toAbsolutePath().normalize();

    private final Map<String, String> environment;

    Wpstack(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Wpstack with(String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(name, value);
        return new Wpstack(changed);
    }

    CommandResult run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("wpstack").toString()));
        command.addAll(List.of(args));
        return Processes.run(command, environment, ROOT, null, timeout);
    }

    /** Starts ./wpstack ARGS without waiting: its standard error is returned to read as it goes. */
    Process start(String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("wpstack").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().putAll(environment);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    CommandResult run(String... args) {
        return run(Duration.ofMinutes(10), args);
    }

    /** The root pom's revision: the version ./wpstack build tags images with. */
    static String revision() {
        try {
            java.util.regex.Matcher revision = java.util.regex.Pattern.compile("<revision>([^<]+)</revision>")
                    .matcher(java.nio.file.Files.readString(ROOT.resolve("pom.xml")));
            if (!revision.find()) {
                throw new IllegalStateException("no <revision> in the root pom.xml");
            }
            return revision.group(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** `./wpstack credentials` as a map. */
    Map<String, String> credentials() {
        Map<String, String> values = new HashMap<>();
        for (String line : run("credentials").orThrow().split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }
}

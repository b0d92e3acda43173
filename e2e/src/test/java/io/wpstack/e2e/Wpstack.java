package io.wpstack.e2e;

import io.wpstack.exporter.cluster.CommandResult;
import io.wpstack.exporter.cluster.Processes;
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

    CommandResult run(String... args) {
        return run(Duration.ofMinutes(10), args);
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

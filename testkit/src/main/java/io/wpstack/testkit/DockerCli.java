package io.wpstack.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the host's {@code docker} CLI: plain processes, no client library. */
public final class DockerCli {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private DockerCli() {}

    public static CommandResult run(String... args) {
        return run(DEFAULT_TIMEOUT, null, args);
    }

    /** Runs {@code docker args...} and returns its trimmed output, or throws when it fails. */
    public static String check(String... args) {
        return run(args).orThrow();
    }

    /** Runs {@code docker args...} with {@code stdin} (null: none) as input, killing it after {@code timeout}. */
    public static CommandResult run(Duration timeout, Path stdin, String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add("docker");
        command.addAll(List.of(args));
        return Processes.run(command, Map.of(), null, stdin, timeout);
    }
}

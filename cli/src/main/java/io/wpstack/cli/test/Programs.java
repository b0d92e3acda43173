package io.wpstack.cli.test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a program to read a fact: its standard output when it exits 0, or its standard error when it
 * printed nothing else ({@code java -version} writes to stderr; chromium's launcher script writes
 * shell noise there before its version on stdout).
 */
final class Programs {
    private Programs() {}

    static Optional<String> output(List<String> argv, Map<String, String> environment) {
        Map<String, String> all = new java.util.HashMap<>(System.getenv());
        all.putAll(environment);
        var output = io.wpstack.cli.docker.ProgramOutput.run(argv, all, null);
        if (output.code() != 0) {
            return Optional.empty();
        }
        return Optional.of(output.out().isBlank() ? output.err() : output.out());
    }

    static Optional<String> firstLine(List<String> argv, Map<String, String> environment) {
        return output(argv, environment).map(out -> out.lines().findFirst().orElse(""));
    }
}

package io.wpstack.cli.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        var builder = new ProcessBuilder(argv);
        builder.environment().putAll(environment);
        try {
            java.io.File errors = java.io.File.createTempFile("wpstack-fact", ".err");
            try {
                builder.redirectError(errors);
                Process process = builder.start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    return Optional.empty();
                }
                return Optional.of(output.isBlank() ? java.nio.file.Files.readString(errors.toPath()) : output);
            } finally {
                java.nio.file.Files.deleteIfExists(errors.toPath());
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<String> firstLine(List<String> argv, Map<String, String> environment) {
        return output(argv, environment).map(out -> out.lines().findFirst().orElse(""));
    }
}

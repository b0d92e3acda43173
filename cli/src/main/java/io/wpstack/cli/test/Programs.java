package io.wpstack.cli.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs a program to read a fact: its output (stdout and stderr) when it exits 0. */
final class Programs {
    private Programs() {}

    static Optional<String> output(List<String> argv, Map<String, String> environment) {
        var builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? Optional.of(output) : Optional.empty();
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

package io.wpstack.cli.docker;

import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a program printed: the one way the CLI runs a program to read a fact (the docker CLI's
 * {@code --format} output, mostly). Standard output and error are read in full; INPUT, when not
 * null, goes to its standard input. A program that cannot start gives exit code 127, as a shell does.
 */
public record ProgramOutput(int code, String out, String err) {

    /** ARGV with exactly ENVIRONMENT as its environment. */
    public static ProgramOutput run(List<String> argv, Map<String, String> environment, String input) {
        var builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            var errors = new StringBuilder();
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    errors.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the program closed its stderr early: nothing more to read
                }
            });
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            drain.join();
            return new ProgramOutput(code, out, errors.toString());
        } catch (IOException e) {
            return new ProgramOutput(127, "", "cannot run " + argv.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WpstackException("interrupted while running " + String.join(" ", argv));
        }
    }
}

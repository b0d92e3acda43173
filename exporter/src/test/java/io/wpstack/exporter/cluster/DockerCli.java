package io.wpstack.exporter.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stdin != null) {
            builder.redirectInput(Redirect.from(stdin.toFile()));
        }
        try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Process process = builder.start();
            if (stdin == null) {
                process.getOutputStream().close();
            }
            Future<String> output = readers.submit(() -> read(process.getInputStream()));
            Future<String> error = readers.submit(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout)) {
                process.destroyForcibly();
                throw new ClusterException("`" + String.join(" ", command) + "` did not finish within " + timeout);
            }
            return new CommandResult(command, process.exitValue(), output.get(), error.get());
        } catch (IOException e) {
            throw new ClusterException("cannot run `docker`: is the Docker CLI installed and on PATH? " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while running `" + String.join(" ", command) + "`", e);
        } catch (ExecutionException e) {
            throw new ClusterException("cannot read the output of `" + String.join(" ", command) + "`", e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.wpstack.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, capturing both outputs; killed after a timeout. */
public final class Processes {
    private Processes() {}

    /**
     * @param environment added to (and overriding) this JVM's environment
     * @param directory the working directory, or null for this JVM's
     * @param stdin a file for standard input, or null for none
     */
    public static CommandResult run(
            List<String> command, Map<String, String> environment, Path directory, Path stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        if (stdin != null) {
            builder.redirectInput(Redirect.from(stdin.toFile()));
        }
        String shown = String.join(" ", command);
        try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Process process = builder.start();
            if (stdin == null) {
                process.getOutputStream().close();
            }
            Future<String> output = readers.submit(() -> read(process.getInputStream()));
            Future<String> error = readers.submit(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ClusterException("`" + shown + "` did not finish within " + timeout);
            }
            return new CommandResult(command, process.exitValue(), output.get(), error.get());
        } catch (IOException e) {
            throw new ClusterException("cannot run `" + shown + "`: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while running `" + shown + "`", e);
        } catch (ExecutionException e) {
            throw new ClusterException("cannot read the output of `" + shown + "`", e);
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

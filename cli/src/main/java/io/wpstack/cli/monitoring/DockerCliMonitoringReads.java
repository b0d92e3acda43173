package io.wpstack.cli.monitoring;

import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@link MonitoringReads} through the docker CLI (so DOCKER_HOST and DOCKER_TLS_* apply as for the user). */
public final class DockerCliMonitoringReads implements MonitoringReads {
    private static final long DEFAULT_PULL_TIMEOUT_SECONDS = 20;
    private final Map<String, String> environment;
    private final Path pullLog;

    /**
     * Reads with the process ENVIRONMENT (DOCKER_HOST, WPSTACK_PULL_TIMEOUT); {@code root} is the
     * repository, whose .wpstack/logs/pull.log gets the output of {@link #pull}.
     */
    public DockerCliMonitoringReads(Map<String, String> environment, Path root) {
        this.environment = Map.copyOf(environment);
        this.pullLog = MonitoringDeploy.pullLog(root);
    }

    private record Result(int code, String out) {
        List<String> lines() {
            return out.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private Result docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(Arrays.asList(args));
        var output = io.wpstack.cli.docker.ProgramOutput.run(argv, environment, null);
        if (output.code() == 127 && output.out().isEmpty() && output.err().startsWith("cannot run docker")) {
            throw new WpstackException(output.err() + "; is docker.io installed?");
        }
        return new Result(output.code(), output.out());
    }

    @Override
    public boolean secretExists(String name) {
        return docker("secret", "inspect", name).code() == 0;
    }

    @Override
    public String secretLabel(String secret, String label) {
        Result result = docker("secret", "inspect", "--format", "{{index .Spec.Labels \"" + label + "\"}}", secret);
        return result.code() == 0 ? result.out().strip() : "";
    }

    @Override
    public boolean serviceExists(String service) {
        return docker("service", "inspect", service).code() == 0;
    }

    @Override
    public boolean imageExists(String image) {
        return docker("image", "inspect", image).code() == 0;
    }

    @Override
    public boolean pull(String image) {
        long timeout = pullTimeoutSeconds(environment);
        var builder = new ProcessBuilder("docker", "pull", image);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        try {
            Files.createDirectories(pullLog.getParent());
            builder.redirectOutput(pullLog.toFile());
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WpstackException("interrupted while pulling " + image);
        }
    }

    /** WPSTACK_PULL_TIMEOUT, seconds (default 20). */
    static long pullTimeoutSeconds(Map<String, String> environment) {
        String value = environment.getOrDefault("WPSTACK_PULL_TIMEOUT", "");
        if (value.isEmpty()) {
            return DEFAULT_PULL_TIMEOUT_SECONDS;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new WpstackException(
                    "WPSTACK_PULL_TIMEOUT=" + value + " is not a number of seconds; fix it or unset it");
        }
    }

    @Override
    public boolean stackDeployHasDetach() {
        return docker("stack", "deploy", "--help").out().contains("--detach");
    }

    @Override
    public List<String> stackConfigs(String stack) {
        return docker("config", "ls", "--filter", "label=com.docker.stack.namespace=" + stack, "--format", "{{.Name}}")
                .lines();
    }
}

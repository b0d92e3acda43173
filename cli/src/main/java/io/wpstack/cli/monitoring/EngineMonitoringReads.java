package io.wpstack.cli.monitoring;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.docker.DockerCli;
import io.wpstack.cli.docker.EngineReads;
import io.wpstack.engine.Filters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link MonitoringReads} from the engine's API ({@link EngineReads}); docker pull and the client's own help through
 * the docker CLI (so DOCKER_HOST and DOCKER_TLS_* apply as for the user, and pull uses the user's registry logins).
 */
public final class EngineMonitoringReads implements MonitoringReads {
    private static final long DEFAULT_PULL_TIMEOUT_SECONDS = 20;
    private final EngineReads engine;
    private final DockerCli cli;
    private final Map<String, String> environment;
    private final Path pullLog;

    /**
     * Reads with the process ENVIRONMENT (DOCKER_HOST, WPSTACK_PULL_TIMEOUT); {@code root} is the
     * repository, whose .wpstack/logs/pull.log gets the output of {@link #pull}.
     */
    public EngineMonitoringReads(Map<String, String> environment, Path root) {
        this.engine = EngineReads.of(environment);
        this.cli = new DockerCli(environment);
        this.environment = Map.copyOf(environment);
        this.pullLog = MonitoringDeploy.pullLog(root);
    }

    @Override
    public boolean secretExists(String name) {
        return engine.secretExists(name);
    }

    @Override
    public String secretLabel(String secret, String label) {
        return engine.secretLabels(secret).getOrDefault(label, "");
    }

    @Override
    public boolean serviceExists(String service) {
        return engine.service(service).isPresent();
    }

    @Override
    public boolean imageExists(String image) {
        return engine.imageId(image).isPresent();
    }

    /**
     * Through the docker CLI: it reads the user's registry logins (~/.docker/config.json, credential helpers) and
     * follows the pull's progress stream, which the Engine API leaves to its client.
     */
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
        return cli.stackDeployHasDetach();
    }

    /** docker config ls --filter label=com.docker.stack.namespace=STACK --format {{.Name}}. */
    @Override
    public List<String> stackConfigs(String stack) {
        return engine.configNames(Filters.of("label", "com.docker.stack.namespace=" + stack));
    }
}

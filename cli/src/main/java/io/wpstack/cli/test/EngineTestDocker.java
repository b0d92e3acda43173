package io.wpstack.cli.test;

import io.wpstack.cli.docker.EngineReads;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TestDocker}: the engine's version and swarm address from its API ({@link EngineReads}); what the docker
 * client is and can do from the docker CLI of the process environment, and a container run through it.
 */
public final class EngineTestDocker implements TestDocker {
    private final EngineReads engine;
    private final Map<String, String> environment;

    public EngineTestDocker(Map<String, String> environment) {
        this.engine = EngineReads.of(environment);
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Optional<String> engineVersion() {
        return engine.version();
    }

    /** The docker CLI client's own version: the client, not the engine. */
    @Override
    public String clientVersion() {
        return line("docker", "version", "--format", "{{.Client.Version}}").orElse("unknown");
    }

    @Override
    public Optional<String> swarmNodeAddr() {
        return Optional.of(engine.info().nodeAddr()).filter(addr -> !addr.isBlank());
    }

    /** The docker CLI client renders a stack file: a question about the client, not the engine. */
    @Override
    public boolean stackConfigSupported() {
        return Programs.output(List.of("docker", "stack", "config", "--help"), environment)
                .map(help -> help.contains("--compose-file"))
                .orElse(false);
    }

    /** docker run: a container this read starts and removes, not a read of the engine's state. */
    @Override
    public Optional<String> javaIn(String image, Path runtime) {
        String java = runtime.resolve("bin/java").toString();
        return line(
                "docker",
                "run",
                "--rm",
                "-v",
                runtime + ":" + runtime + ":ro",
                image,
                "sh",
                "-c",
                ". /etc/os-release; echo \"$PRETTY_NAME: $(\"$0\" -version 2>&1 | head -n 1)\"",
                java);
    }

    private Optional<String> line(String... argv) {
        return Programs.firstLine(List.of(argv), environment).map(String::strip);
    }
}

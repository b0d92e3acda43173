package io.wpstack.cli.test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link TestDocker} with the docker CLI of the process environment. */
public final class DockerCliTestDocker implements TestDocker {
    private final Map<String, String> environment;

    public DockerCliTestDocker(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Optional<String> engineVersion() {
        return line("docker", "version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})");
    }

    @Override
    public String clientVersion() {
        return line("docker", "version", "--format", "{{.Client.Version}}").orElse("unknown");
    }

    @Override
    public Optional<String> swarmNodeAddr() {
        return line("docker", "info", "--format", "{{.Swarm.NodeAddr}}").filter(addr -> !addr.isBlank());
    }

    @Override
    public boolean stackConfigSupported() {
        return Programs.output(List.of("docker", "stack", "config", "--help"), environment)
                .map(help -> help.contains("--compose-file"))
                .orElse(false);
    }

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

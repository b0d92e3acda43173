package io.wpstack.cli.images;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ImageReads} through the docker CLI (DOCKER_HOST applies as for the user), git and getent. */
public final class DockerCliImageReads implements ImageReads {
    private final Map<String, String> environment;

    public DockerCliImageReads(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    private record Result(int code, String out) {
        List<String> lines() {
            return code == 0 ? out.lines().filter(line -> !line.isBlank()).toList() : List.of();
        }
    }

    private Result run(List<String> argv) {
        var output = io.wpstack.cli.docker.ProgramOutput.run(argv, environment, null);
        return new Result(output.code(), output.out());
    }

    private Result docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return run(argv);
    }

    @Override
    public Optional<String> imageId(String image) {
        Result result = docker("image", "inspect", "--format", "{{.Id}}", image);
        String id = result.out().strip();
        return result.code() == 0 && !id.isEmpty() ? Optional.of(id) : Optional.empty();
    }

    @Override
    public String imageSize(String image) {
        return docker("image", "ls", "--format", "{{.Size}}", image).lines().stream()
                .findFirst()
                .orElse("");
    }

    @Override
    public List<String> tags(String repository) {
        return docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", repository)
                .lines();
    }

    @Override
    public List<String> serviceImages() {
        return docker("service", "ls", "--format", "{{.Image}}").lines();
    }

    @Override
    public List<String> repoDigests(String image) {
        return docker("image", "inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", image)
                .lines();
    }

    @Override
    public String gitRevision(Path root) {
        Result result = run(List.of("git", "-C", root.toString(), "describe", "--always", "--dirty"));
        return result.code() == 0 ? result.out().strip() : "unknown";
    }

    @Override
    public boolean resolves(String host) {
        return run(List.of("getent", "hosts", host)).code() == 0;
    }
}

package io.wpstack.exporter.node;

import io.wpstack.engine.DockerException;
import io.wpstack.engine.Json;
import io.wpstack.engine.JsonArrays;
import io.wpstack.exporter.docker.ApiRequestCounter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The Engine's answers captured by scripts/capture-node-fixture.sh: containers.json and exits.json. */
final class FixtureApi implements NodeApi {
    final List<String> inspected = new ArrayList<>();
    private final ApiRequestCounter requests;
    private final Json exits;
    List<TaskContainer> containers;
    boolean down;

    FixtureApi(Path dir, ApiRequestCounter requests) throws IOException {
        this.requests = requests;
        try (InputStream in = Files.newInputStream(dir.resolve("containers.json"))) {
            this.containers = JsonArrays.read(
                    in, Set.of("Id", "Image", "State", "Status", "Created", "Labels"), TaskContainer::of);
        }
        try (InputStream in = Files.newInputStream(dir.resolve("exits.json"))) {
            this.exits = Json.parse(in);
        }
    }

    @Override
    public String endpoint() {
        return "fixture";
    }

    @Override
    public List<TaskContainer> containers(Duration timeout) throws DockerException {
        if (down) {
            requests.record("containers", "error");
            throw new DockerException.Unreachable("fixture", new IOException("connection refused"));
        }
        requests.record("containers", "success");
        return containers;
    }

    @Override
    public String hostName(Duration timeout) {
        requests.record("info", "success");
        return "node-1";
    }

    @Override
    public Exit exit(String containerId, Duration timeout) throws DockerException {
        requests.record("inspect", "success");
        inspected.add(containerId);
        if (!exits.has(containerId)) {
            throw new DockerException.NotFound("fixture", "/containers/" + containerId + "/json", "no such container");
        }
        return new Exit(exits.bool(containerId, "OOMKilled"), Instant.parse(exits.string(containerId, "FinishedAt")));
    }
}

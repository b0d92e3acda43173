package io.wpstack.exporter.node;

import io.wpstack.engine.DockerException;
import io.wpstack.engine.EngineClient;
import io.wpstack.engine.Filters;
import io.wpstack.engine.Json;
import io.wpstack.engine.JsonArrays;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * The node mode's view of the Engine API: one container list per scrape; the host name once at start-up;
 * an inspect of a container that exited with code 137, once per container (to tell the OOM killer from
 * another SIGKILL). All GETs, so a read-only socket does.
 */
public final class NodeEngine implements NodeApi {
    static final String CONTAINERS = Filters.of("label", TaskContainer.TASK_ID).on("/containers/json?all=1");
    private static final Set<String> KEEP = Set.of("Id", "Image", "State", "Status", "Created", "Labels");

    private final EngineClient engine;

    public NodeEngine(EngineClient engine) {
        this.engine = engine;
    }

    @Override
    public String endpoint() {
        return engine.endpoint();
    }

    @Override
    public List<TaskContainer> containers(Duration timeout) throws DockerException {
        return engine.get("containers", CONTAINERS, body -> JsonArrays.read(body, KEEP, TaskContainer::of), timeout);
    }

    @Override
    public String hostName(Duration timeout) throws DockerException {
        return engine.get("info", "/info", Json::parse, timeout).string("Name");
    }

    @Override
    public Exit exit(String containerId, Duration timeout) throws DockerException {
        Json inspect = engine.get("inspect", "/containers/" + containerId + "/json", Json::parse, timeout);
        return new Exit(inspect.bool("State", "OOMKilled"), finishedAt(inspect.string("State", "FinishedAt")));
    }

    static Instant finishedAt(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}

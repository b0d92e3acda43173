package io.wpstack.exporter.docker;

import io.wpstack.exporter.swarm.Node;
import io.wpstack.exporter.swarm.NodeState;
import io.wpstack.exporter.swarm.Platform;
import io.wpstack.exporter.swarm.Service;
import io.wpstack.exporter.swarm.ServiceMode;
import io.wpstack.exporter.swarm.Task;
import io.wpstack.exporter.swarm.TaskState;
import io.wpstack.exporter.swarm.UpdateState;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Maps Engine API JSON (GET /services, /nodes, /tasks) to the exporter's records. */
public final class SwarmJson {
    static final String STACK_LABEL = "com.docker.stack.namespace";

    private SwarmJson() {}

    public static List<Service> services(InputStream in) throws IOException {
        return Json.readArray(in, Set.of("ID", "Spec", "UpdateStatus", "ServiceStatus"), SwarmJson::service);
    }

    public static List<Node> nodes(InputStream in) throws IOException {
        return Json.readArray(in, Set.of("ID", "Description", "Spec", "Status", "ManagerStatus"), SwarmJson::node);
    }

    public static List<Task> tasks(InputStream in) throws IOException {
        return Json.readArray(
                in, Set.of("ID", "ServiceID", "NodeID", "Slot", "DesiredState", "Status"), SwarmJson::task);
    }

    static Service service(JsonObject json) {
        return new Service(
                json.string("ID"),
                json.string("Spec", "Name"),
                json.stringMap("Spec", "Labels").getOrDefault(STACK_LABEL, ""),
                mode(json),
                withoutDigest(json.string("Spec", "TaskTemplate", "ContainerSpec", "Image")),
                json.strings("Spec", "TaskTemplate", "Placement", "Constraints"),
                json.objects("Spec", "TaskTemplate", "Placement", "Platforms").stream()
                        .map(p -> new Platform(p.string("OS"), p.string("Architecture")))
                        .toList(),
                UpdateState.fromApi(json.string("UpdateStatus", "State")),
                json.number(0, "ServiceStatus", "CompletedTasks"));
    }

    private static ServiceMode mode(JsonObject json) {
        if (json.has("Spec", "Mode", "Global")) {
            return new ServiceMode.Global();
        }
        if (json.has("Spec", "Mode", "GlobalJob")) {
            return new ServiceMode.GlobalJob();
        }
        if (json.has("Spec", "Mode", "ReplicatedJob")) {
            long maxConcurrent = json.number(1, "Spec", "Mode", "ReplicatedJob", "MaxConcurrent");
            long total = json.number(maxConcurrent, "Spec", "Mode", "ReplicatedJob", "TotalCompletions");
            return new ServiceMode.ReplicatedJob(maxConcurrent, total);
        }
        return new ServiceMode.Replicated(json.number(1, "Spec", "Mode", "Replicated", "Replicas"));
    }

    static String withoutDigest(String image) {
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at);
    }

    static Node node(JsonObject json) {
        return new Node(
                json.string("ID"),
                json.string("Description", "Hostname"),
                json.string("Spec", "Role").toLowerCase(Locale.ROOT),
                json.string("Spec", "Availability").toLowerCase(Locale.ROOT),
                NodeState.fromApi(json.string("Status", "State")),
                json.string("Status", "Addr"),
                json.string("Description", "Engine", "EngineVersion"),
                new Platform(
                        json.string("Description", "Platform", "OS"),
                        json.string("Description", "Platform", "Architecture")),
                json.stringMap("Spec", "Labels"),
                json.stringMap("Description", "Engine", "Labels"),
                json.bool("ManagerStatus", "Leader"));
    }

    static Task task(JsonObject json) {
        return new Task(
                json.string("ID"),
                json.string("ServiceID"),
                json.string("NodeID"),
                json.number(0, "Slot"),
                json.string("DesiredState"),
                TaskState.fromApi(json.string("Status", "State")),
                json.string("Status", "Err"),
                instant(json.string("Status", "Timestamp")));
    }

    private static Instant instant(String value) {
        try {
            return value.isEmpty() ? Instant.EPOCH : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}

package io.wpstack.exporter.docker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wpstack.engine.Json;
import io.wpstack.engine.JsonArrays;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Maps Engine API JSON (GET /services, /nodes, /tasks) to the exporter's records. */
public final class SwarmJson {
    static final String STACK_LABEL = "com.docker.stack.namespace";

    private SwarmJson() {}

    public static List<Service> services(InputStream in) throws IOException {
        return JsonArrays.read(in, Set.of("ID", "Spec", "UpdateStatus", "ServiceStatus"), SwarmJson::service);
    }

    public static List<Node> nodes(InputStream in) throws IOException {
        return JsonArrays.read(in, Set.of("ID", "Description", "Spec", "Status", "ManagerStatus"), SwarmJson::node);
    }

    /**
     * Tasks are read straight from the token stream (10,000 of them are 7 MB of JSON, mostly each
     * task's copy of its service's spec, skipped unparsed), and the values thousands of tasks share
     * (service and node IDs, states, errors) are kept once.
     */
    public static List<Task> tasks(InputStream in) throws IOException {
        Map<String, String> shared = new HashMap<>();
        return JsonArrays.readDirect(in, parser -> task(parser, shared));
    }

    static Service service(Json json) {
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

    private static ServiceMode mode(Json json) {
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

    static Node node(Json json) {
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

    private static Task task(JsonParser parser, Map<String, String> shared) throws IOException {
        String id = "";
        String serviceId = "";
        String nodeId = "";
        long slot = 0;
        String desiredState = "";
        TaskStatus status = TaskStatus.NONE;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "ID" -> id = JsonArrays.text(parser);
                case "ServiceID" -> serviceId = once(JsonArrays.text(parser), shared);
                case "NodeID" -> nodeId = once(JsonArrays.text(parser), shared);
                case "Slot" -> slot = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : 0;
                case "DesiredState" -> desiredState = once(JsonArrays.text(parser), shared);
                case "Status" -> status = taskStatus(parser, shared);
                default -> parser.skipChildren();
            }
        }
        return new Task(
                id,
                serviceId,
                nodeId,
                slot,
                desiredState,
                TaskState.fromApi(status.state()),
                status.error(),
                status.timestamp());
    }

    /** The fields of a task's Status object the exporter reads. */
    private record TaskStatus(String state, String error, String timestamp) {
        static final TaskStatus NONE = new TaskStatus("", "", "");
    }

    /** A task's Status; {@link TaskStatus#NONE} when it is no object. */
    private static TaskStatus taskStatus(JsonParser parser, Map<String, String> shared) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            JsonArrays.text(parser);
            return TaskStatus.NONE;
        }
        String state = "";
        String error = "";
        String timestamp = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "State" -> state = JsonArrays.text(parser);
                case "Err" -> error = once(JsonArrays.text(parser), shared);
                case "Timestamp" -> timestamp = JsonArrays.text(parser);
                default -> parser.skipChildren();
            }
        }
        // Only check reads the timestamp, and only of a task with an error (why a service lags).
        return new TaskStatus(state, error, error.isEmpty() ? "" : timestamp);
    }

    private static String once(String value, Map<String, String> shared) {
        String known = shared.putIfAbsent(value, value);
        return known == null ? value : known;
    }
}

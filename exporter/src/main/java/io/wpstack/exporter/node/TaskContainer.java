package io.wpstack.exporter.node;

import io.wpstack.engine.Json;
import java.util.Map;

/**
 * One container of a Swarm task on this node, as {@code GET /containers/json?all=1} lists it, with what its
 * labels say about the task.
 *
 * @param id the full 64-hex container id
 * @param slot the task's slot, "" for a global service's task
 * @param group the slot, or the node id for a global service: the containers that replace one another
 * @param task the task's name, e.g. {@code web.2.kq3...}
 * @param image without its {@code @sha256:} digest
 * @param state running, exited, created, ...
 * @param exitCode from the Status text ("Exited (137) 2 minutes ago"), -1 when it has none
 * @param created seconds since the epoch
 */
public record TaskContainer(
        String id,
        String service,
        String stack,
        String slot,
        String group,
        String task,
        String image,
        String state,
        int exitCode,
        long created) {

    static final String TASK_ID = "com.docker.swarm.task.id";
    static final String TASK_NAME = "com.docker.swarm.task.name";
    static final String SERVICE_NAME = "com.docker.swarm.service.name";
    static final String STACK = "com.docker.stack.namespace";

    public boolean running() {
        return state.equals("running");
    }

    /** The 12-hex short id the docker CLI shows, the {@code container_id} label. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** One element of the Engine's container list. */
    static TaskContainer of(Json container) {
        Map<String, String> labels = container.stringMap("Labels");
        String service = labels.getOrDefault(SERVICE_NAME, "");
        String taskName = labels.getOrDefault(TASK_NAME, "");
        String middle = TaskNames.middle(taskName, service, labels.getOrDefault(TASK_ID, ""));
        String image = container.string("Image");
        int at = image.indexOf("@sha256:");
        return new TaskContainer(
                container.string("Id"),
                service,
                labels.getOrDefault(STACK, ""),
                TaskNames.slot(middle),
                middle,
                taskName,
                at < 0 ? image : image.substring(0, at),
                container.string("State"),
                exitCode(container.string("Status")),
                container.number(0, "Created"));
    }

    /** "Exited (137) 2 minutes ago" -> 137; anything else -> -1. */
    static int exitCode(String status) {
        if (!status.startsWith("Exited (")) {
            return -1;
        }
        int close = status.indexOf(')');
        try {
            return close < 0 ? -1 : Integer.parseInt(status.substring("Exited (".length(), close));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package io.wpstack.exporter.swarm;

import java.util.List;

/**
 * One Swarm service, reduced to what the exporter needs.
 *
 * @param stack the com.docker.stack.namespace label, or "" outside a stack
 * @param image the image reference without its digest
 * @param completedTasks ServiceStatus.CompletedTasks (jobs only; 0 otherwise)
 */
public record Service(
        String id,
        String name,
        String stack,
        ServiceMode mode,
        String image,
        List<String> constraints,
        List<Platform> platforms,
        UpdateState updateState,
        long completedTasks) {

    public Service {
        constraints = List.copyOf(constraints);
        platforms = List.copyOf(platforms);
    }
}

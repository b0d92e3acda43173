package io.wpstack.engine;

/** Told of every finished request: what the exporter counts in docker_swarm_exporter_api_requests_total. */
@FunctionalInterface
public interface RequestListener {
    RequestListener NONE = (endpoint, result) -> {};

    /**
     * @param endpoint the request's name (services, nodes, tasks, or the path's first segment)
     * @param result "success", or "error" for any failure
     */
    void finished(String endpoint, String result);
}

package io.wpstack.engine;

import java.util.Optional;

/**
 * The Engine API's GETs as JSON trees: what the CLI and the tests read. {@link EngineClient} is the real one;
 * unit tests answer with captured JSON.
 */
public interface EngineApi {
    /**
     * GET PATH (e.g. {@code /info}, {@code /tasks?filters=...}) under the API version prefix.
     *
     * @throws DockerException.NotFound when the object PATH names does not exist
     */
    Json get(String path) throws DockerException;

    /** Like {@link #get}, but empty where the object PATH names does not exist (HTTP 404). */
    default Optional<Json> find(String path) throws DockerException {
        try {
            return Optional.of(get(path));
        } catch (DockerException.NotFound e) {
            return Optional.empty();
        }
    }

    /** Where the engine is (unix:///var/run/docker.sock, tcp://host:2375), for messages. */
    String endpoint();
}

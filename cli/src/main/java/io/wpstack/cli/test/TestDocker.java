package io.wpstack.cli.test;

import java.nio.file.Path;
import java.util.Optional;

/** What {@code ./wpstack test} reads from the Docker engine (a fake in unit tests). */
public interface TestDocker {
    /** "VERSION (API VERSION)" of the engine, if it answers. */
    Optional<String> engineVersion();

    /** The docker client's version. */
    String clientVersion();

    /** This manager's swarm address, if the swarm has one. */
    Optional<String> swarmNodeAddr();

    /** The client can render a stack file ({@code docker stack config}, Docker CLI >= 25). */
    boolean stackConfigSupported();

    /**
     * "PRETTY_NAME: first line of java -version" of the Java runtime at {@code runtime} (mounted
     * read-only at the same path) in a container of {@code image}, if it starts there; else empty.
     */
    Optional<String> javaIn(String image, Path runtime);
}

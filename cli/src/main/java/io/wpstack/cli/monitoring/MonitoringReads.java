package io.wpstack.cli.monitoring;

import java.util.List;

/**
 * What the monitoring stack's part of {@code up} reads from the engine while it plans. Unit tests pass a
 * fake; {@link EngineMonitoringReads} asks the engine.
 */
public interface MonitoringReads {

    /** {@code docker secret inspect NAME} succeeds. */
    boolean secretExists(String name);

    /** The secret's label LABEL ("" when the secret or the label is missing). */
    String secretLabel(String secret, String label);

    /** {@code docker service inspect SERVICE} succeeds. */
    boolean serviceExists(String service);

    /** {@code docker image inspect IMAGE} succeeds. */
    boolean imageExists(String image);

    /**
     * {@code docker pull IMAGE} succeeds within WPSTACK_PULL_TIMEOUT seconds (default 20), its output in
     * .wpstack/logs/pull.log. The one read with an effect: the image is then on this engine.
     */
    boolean pull(String image);

    /** The client's {@code docker stack deploy} has --detach (CLI >= 23; older ones always detach). */
    boolean stackDeployHasDetach();

    /** The names of the configs of STACK ({@code docker config ls --filter label=com.docker.stack.namespace=STACK}). */
    List<String> stackConfigs(String stack);
}

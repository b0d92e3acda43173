package io.wpstack.cli.settings;

import java.util.List;

/**
 * wpstack's own variables: what a user may set besides the settings' WPSTACK_NAME overrides and
 * WPSTACK_NAME_IMAGE. Any other WPSTACK_* variable is a typo.
 *
 * @param internal set by ./wpstack itself, never by a user (not suggested for typos)
 */
public record OwnVariable(String name, String meaning, boolean internal) {

    public static final List<OwnVariable> ALL = List.of(
            user(
                    "WPSTACK_STACK",
                    "stack name (default wpstack); another name gets its own secrets, volumes and"
                            + " credentials file"),
            user(
                    "WPSTACK_CREDENTIALS",
                    "credentials file (default ~/.config/wpstack/credentials, or"
                            + " credentials-NAME for another stack)"),
            user("WPSTACK_SITE_URL", "the site's URL, fixed (instead of DOMAIN's or the swarm's addresses)"),
            user("WPSTACK_REGISTRY", "deploy REGISTRY/wpstack/NAME:VERSION instead of local images (or up --registry)"),
            user(
                    "WPSTACK_VERSION",
                    "the image version deployed from the registry (or up --version; default: the root"
                            + " pom's revision)"),
            user("WPSTACK_MONITORING_STACK", "the monitoring stack's name (default monitoring)"),
            user("WPSTACK_REGISTRY_STACK", "the registry stack's name (default registry)"),
            user("WPSTACK_GRAFANA_IMAGE", "the Grafana image (default: the one stacks/monitoring.yml pins)"),
            user("WPSTACK_ADVERTISE_ADDR", "swarm advertise address (default: the default route's interface address)"),
            user("WPSTACK_DOCKERD_OPTS", "extra flags for a dockerd that wpstack starts"),
            user("WPSTACK_EXTRA_CA_CERTS", "PEM file of CAs the image builds must trust (e.g. a TLS-inspecting proxy)"),
            user("WPSTACK_DEBIAN_MIRROR", "debootstrap's Debian mirror"),
            user("WPSTACK_PULL_TIMEOUT", "seconds to try pulling an image that may not be reachable (20)"),
            internal("WPSTACK_ROOT", "the repository"),
            internal("WPSTACK_APT_UPDATED", "apt-get update ran in this run"),
            internal("WPSTACK_JAVA", "the Java runtime ./wpstack runs its CLI on"),
            new OwnVariable(
                    "WPSTACK_LAUNCHER_DRY_RUN",
                    "set by scripts/bench-cli-startup.sh: the launcher stops before the JVM",
                    true));

    private static OwnVariable user(String name, String meaning) {
        return new OwnVariable(name, meaning, false);
    }

    private static OwnVariable internal(String name, String meaning) {
        return new OwnVariable(name, "set by ./wpstack itself: " + meaning, true);
    }
}

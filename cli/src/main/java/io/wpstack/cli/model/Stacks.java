package io.wpstack.cli.model;

import java.nio.file.Path;

/** The compose files of the stacks wpstack deploys. */
public final class Stacks {
    public static final String WORDPRESS = "stacks/wordpress.yml";
    public static final String WORDPRESS_TLS = "stacks/wordpress-tls.yml";
    public static final String MONITORING = "stacks/monitoring.yml";
    public static final String REGISTRY = "stacks/registry.yml";

    private Stacks() {}

    public static StackFile wordpress(Path root) {
        return StackFile.read(root, WORDPRESS);
    }

    public static StackFile monitoring(Path root) {
        return StackFile.read(root, MONITORING);
    }

    /**
     * The settings naming the ports the edge Caddy publishes: those of stacks/wordpress.yml and, with
     * TLS, stacks/wordpress-tls.yml (HTTP_PORT, ADMINER_PORT, HTTPS_PORT).
     */
    public static java.util.List<String> edgePortSettings(Path root, boolean tls) {
        var settings = new java.util.LinkedHashSet<>(wordpress(root).publishedPortSettings());
        if (tls) {
            settings.addAll(StackFile.read(root, WORDPRESS_TLS).publishedPortSettings());
        }
        return java.util.List.copyOf(settings);
    }

    /** The settings naming the monitoring stack's ports (caddy_monitoring publishes them). */
    public static java.util.List<String> monitoringPortSettings(Path root) {
        return monitoring(root).publishedPortSettings();
    }
}

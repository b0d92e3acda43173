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
}

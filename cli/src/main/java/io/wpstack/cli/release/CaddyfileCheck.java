package io.wpstack.cli.release;

import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Before a deploy, Caddy itself validates the Caddyfile the caddy service will get: the image about
 * to be deployed runs {@code caddy validate} on it, through the image's entrypoint and with the
 * service's environment (so the site addresses and TLS options are the ones the deploy makes). A
 * Caddyfile Caddy refuses stops up with Caddy's own error, before anything reaches the swarm. The
 * file reaches the container on its standard input, not by a bind mount: the daemon may be another
 * machine's (DOCKER_HOST, a swarm's manager), where a bind mount would name a path that is not there.
 */
public final class CaddyfileCheck {
    /** The caddy service's environment in stacks/wordpress.yml: the stack variable each comes from. */
    private static final Map<String, String> ENVIRONMENT = orderedMap(
            "DOMAIN", "DOMAIN",
            "TLS", "TLS",
            "SITE_HOSTS", "SITE_HOST_LIST",
            "HTTP_PORT", "HTTP_PORT",
            "HTTPS_PORT", "HTTPS_PORT",
            "LOG_LEVEL", "LOG_LEVEL");

    /** Caddy's own check of the Caddyfile mounted at /etc/caddy/Caddyfile (the command, after the image). */
    public static final List<String> VALIDATE = validate("/etc/caddy/Caddyfile");

    /** Caddy's own check of the Caddyfile at PATH in the container. */
    static List<String> validate(String path) {
        return List.of("caddy", "validate", "--config", path, "--adapter", "caddyfile");
    }

    private CaddyfileCheck() {}

    /**
     * The check of CADDYFILE (the file the stack's caddyfile config is made from) with the image and
     * the variables of the deploy; its output goes to LOG and is shown when Caddy refuses.
     */
    public static Plan plan(Path caddyfile, String shownPath, Map<String, String> variables, Path log) {
        List<String> argv = new ArrayList<>(List.of("docker", "run", "--rm", "-i", "--network", "none"));
        ENVIRONMENT.forEach((name, variable) -> {
            String value = variables.getOrDefault(variable, "");
            if (!value.isEmpty()) {
                argv.addAll(List.of("-e", name + "=" + value));
            }
        });
        // The entrypoint hashes the basic-auth password from these files; any readable word will do.
        argv.addAll(List.of(
                "-e",
                "ADMINER_AUTH_USER_FILE=/etc/hostname",
                "-e",
                "ADMINER_AUTH_PASSWORD_FILE=/etc/hostname",
                variables.getOrDefault("CADDY_IMAGE", "wpstack/caddy:latest")));
        argv.addAll(validate("/dev/stdin"));
        return Plan.of(Step.Logged.of(
                        "validating " + shownPath + " with Caddy",
                        argv,
                        Map.of(),
                        log,
                        "Caddy refuses " + shownPath + " (its error above); nothing was deployed: fix the file and"
                                + " rerun ./wpstack up")
                .withInput(caddyfile.toAbsolutePath()));
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}

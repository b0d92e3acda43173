package io.wpstack.cli.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaddyfileCheckTest {
    @Test
    void theImageToBeDeployedValidatesTheCaddyfileWithTheServicesEnvironment() {
        var plan = CaddyfileCheck.plan(
                Path.of("/repo/config/caddy/Caddyfile"),
                "config/caddy/Caddyfile",
                Map.of(
                        "CADDY_IMAGE", "wpstack/caddy:2",
                        "TLS", "internal",
                        "SITE_HOST_LIST", "192.0.2.2 localhost",
                        "HTTP_PORT", "8080",
                        "DOMAIN", ""),
                Path.of("/repo/.wpstack/logs/caddyfile-s1.log"));
        var run = (Step.Logged) plan.steps().getFirst();
        assertEquals(
                List.of(
                        "docker",
                        "run",
                        "--rm",
                        "-i",
                        "--network",
                        "none",
                        "-e",
                        "TLS=internal",
                        "-e",
                        "SITE_HOSTS=192.0.2.2 localhost",
                        "-e",
                        "HTTP_PORT=8080",
                        "-e",
                        "ADMINER_AUTH_USER_FILE=/etc/hostname",
                        "-e",
                        "ADMINER_AUTH_PASSWORD_FILE=/etc/hostname",
                        "wpstack/caddy:2",
                        "caddy",
                        "validate",
                        "--config",
                        "/dev/stdin",
                        "--adapter",
                        "caddyfile"),
                run.argv());
        assertEquals(
                Path.of("/repo/config/caddy/Caddyfile"),
                run.input(),
                "the file goes on stdin: a bind mount names a path on the daemon's machine");
        assertTrue(run.failure()
                .startsWith("Caddy refuses config/caddy/Caddyfile (its error above); nothing was deployed"));
    }
}

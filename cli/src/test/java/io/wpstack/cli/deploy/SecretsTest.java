package io.wpstack.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final Path FILE = Path.of("/home/u/.config/wpstack/credentials");

    private static Credentials complete() {
        return Credentials.none().ensure(FILE, new Random(1)).credentials();
    }

    @Test
    void aFreshStackCreatesEverySecretFromTheCredentials() {
        Credentials credentials = complete();

        Secrets.Ensured ensured = Secrets.ensure("wpstack", credentials, Set.of());

        assertEquals(
                List.of(
                        new Secrets.Create(
                                "lb_admin_user",
                                "wpstack",
                                credentials.get("lb_admin_user").orElseThrow()),
                        new Secrets.Create(
                                "lb_admin_pass",
                                "wpstack",
                                credentials.get("lb_admin_pass").orElseThrow()),
                        new Secrets.Create(
                                "wp_db_pass",
                                "wpstack",
                                credentials.get("wp_db_pass").orElseThrow()),
                        new Secrets.Create(
                                "db_root_pass",
                                "wpstack",
                                credentials.get("db_root_pass").orElseThrow()),
                        new Secrets.Create(
                                "backup_repo_pass",
                                "wpstack",
                                credentials.get("backup_repo_pass").orElseThrow())),
                ensured.create());
        assertEquals(List.of(), ensured.kept());
        Secrets.Create first = ensured.create().getFirst();
        assertEquals(
                List.of("docker", "secret", "create", "--label", "io.wpstack.stack=wpstack", "lb_admin_user", "-"),
                first.argv());
        assertEquals("creating the Docker secret lb_admin_user failed; check docker info and rerun", first.failure());
        assertEquals("created secret lb_admin_user", first.info());
    }

    @Test
    void existingSecretsAreKeptAndOnlyTheMissingOnesCreated() {
        Credentials credentials = complete();

        Secrets.Ensured ensured = Secrets.ensure("wpstack", credentials, Set.of("lb_admin_pass", "db_root_pass"));

        assertEquals(
                List.of("lb_admin_user", "wp_db_pass", "backup_repo_pass"),
                ensured.create().stream().map(Secrets.Create::secret).toList());
        assertEquals(List.of("lb_admin_pass", "db_root_pass"), ensured.kept());
    }

    @Test
    void anotherStacksSecretsCarryItsPrefixAndLabel() {
        Secrets.Ensured ensured = Secrets.ensure("blog", complete(), Set.of("lb_admin_user", "blog_wp_db_pass"));

        assertEquals(
                List.of("blog_lb_admin_user", "blog_lb_admin_pass", "blog_db_root_pass", "blog_backup_repo_pass"),
                ensured.create().stream().map(Secrets.Create::secret).toList());
        assertEquals(List.of("blog_wp_db_pass"), ensured.kept());
        assertEquals("io.wpstack.stack=blog", ensured.create().getFirst().argv().get(4));
    }

    @Test
    void aValueNeverShowsInArgvOrToString() {
        Secrets.Create create = new Secrets.Create("wp_db_pass", "wpstack", "s3cret-value");

        assertFalse(create.argv().toString().contains("s3cret"));
        assertFalse(create.toString().contains("s3cret"));
    }

    @Test
    void aSecretWhoseValueTheFileLostStopsUp() {
        Credentials lost = new Credentials(Map.of("lb_admin_user", "admin-abc123"));

        var error = assertThrows(
                SecretWithoutValueException.class,
                () -> Secrets.checkKnown("wpstack", lost, FILE, Set.of("lb_admin_user", "wp_db_pass")));

        assertEquals(
                "the Docker secret wp_db_pass exists but its value is not in " + FILE
                        + "; add the line wp_db_pass=VALUE there, or remove the secret (docker secret rm wp_db_pass)"
                        + " to have a new one generated",
                error.getMessage());
        assertEquals("wp_db_pass", error.secret());
    }

    @Test
    void secretsWithValuesOnFileOrNotYetMadePassTheCheck() {
        Secrets.checkKnown("wpstack", Credentials.none(), FILE, Set.of());
        Secrets.checkKnown("wpstack", complete(), FILE, Set.of("lb_admin_user", "wp_db_pass"));
        // Another stack's secrets of the same name are not this one's.
        Secrets.checkKnown("blog", Credentials.none(), FILE, Set.of("wp_db_pass"));
    }

    @Test
    void grafanasViewerPasswordIsASecretOfTheMonitoringStack() {
        Credentials credentials = complete();

        assertEquals(
                List.of(new Secrets.Create(
                        "grafana_viewer_pass",
                        "monitoring",
                        credentials.get("grafana_viewer_pass").orElseThrow())),
                Secrets.ensureMonitoring("monitoring", credentials, Set.of()).create());
        assertEquals(
                List.of("mon2_grafana_viewer_pass"),
                Secrets.ensureMonitoring("mon2", credentials, Set.of("mon2_grafana_viewer_pass"))
                        .kept());
        var error = assertThrows(
                SecretWithoutValueException.class,
                () -> Secrets.checkMonitoringKnown(
                        "monitoring", Credentials.none(), FILE, Set.of("grafana_viewer_pass")));
        assertEquals("grafana_viewer_pass", error.secret());
    }
}

package io.wpstack.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.Context;
import io.wpstack.cli.FakeDocker;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.deploy.Credentials;
import io.wpstack.cli.deploy.Secrets;
import io.wpstack.cli.deploy.Settings;
import io.wpstack.cli.deploy.SiteAddress;
import io.wpstack.cli.plan.Step;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpCommandTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Context CONTEXT =
            new Context(ROOT, Map.of("HOME", "/home/u"), new PrintStream(PrintStream.nullOutputStream()), System.err);
    private static final Credentials CREDENTIALS = new Credentials(Map.of(
            "lb_admin_user",
            "admin-lb",
            "lb_admin_pass",
            "p1",
            "wp_db_pass",
            "p2",
            "db_root_pass",
            "p3",
            "wp_admin_user",
            "admin-wp",
            "wp_admin_pass",
            "p4",
            "backup_repo_pass",
            "p5"));

    private static Settings settings(String env, Map<String, String> overrides) {
        return Settings.load(CONTEXT.withEnvironment(overrides), "up", env);
    }

    private static SiteAddress site(Settings settings) {
        return SiteAddress.of(settings, Map.of(), "n1", List.of(new SiteAddress.Node("n1", "192.0.2.2", "vm")));
    }

    @Test
    void theRefusalOfARegistryThatIsNoHostAndPort() {
        var e = assertThrows(UsageException.class, () -> UpCommand.flagVariables("foo_bar", null));
        assertEquals(
                "--registry \"foo_bar\" is not HOST:PORT, e.g. --registry wpstack-registry.internal:5001",
                e.getMessage());
        assertThrows(UsageException.class, () -> UpCommand.flagVariables(null, "-1.0"));
        assertEquals(
                Map.of("WPSTACK_REGISTRY", "reg.internal:5001", "WPSTACK_VERSION", "1.2.3"),
                UpCommand.flagVariables("reg.internal:5001", "1.2.3"));
    }

    @Test
    void missingSecretsAreCreatedWithTheirValuesOnStandardInput() {
        var ensured = Secrets.ensure("wpt1", CREDENTIALS, Set.of("wpt1_lb_admin_user", "wpt1_db_root_pass"));
        var plan = UpCommand.secrets(ensured);
        var runs = plan.steps().stream()
                .filter(Step.Run.class::isInstance)
                .map(Step.Run.class::cast)
                .toList();
        assertEquals(
                List.of("wpt1_lb_admin_pass", "wpt1_wp_db_pass", "wpt1_backup_repo_pass"),
                runs.stream().map(r -> r.argv().get(r.argv().size() - 2)).toList());
        assertEquals(
                List.of("p1", "p2", "p5"), runs.stream().map(Step.Run::input).toList());
        assertFalse(plan.toString().contains("p1"), "a secret's value shows in no plan text: " + plan);
    }

    @Test
    void developmentDeploysOneFileAndProductionTheTlsOneToo() {
        var development = settings("development", Map.of());
        var deploy =
                UpCommand.deploy(CONTEXT, "wpt1", development, Map.of(), false, false, CREDENTIALS, site(development));
        assertEquals(
                List.of(
                        "docker",
                        "stack",
                        "deploy",
                        "--prune",
                        "--resolve-image",
                        "never",
                        "-c",
                        ROOT.resolve("stacks/wordpress.yml").toString(),
                        "wpt1"),
                deploy.commands().getFirst());
        var production = settings("production", Map.of());
        var tls = UpCommand.deploy(CONTEXT, "wpt1", production, Map.of(), true, true, CREDENTIALS, site(production));
        assertEquals(
                List.of(
                        "docker",
                        "stack",
                        "deploy",
                        "--detach=true",
                        "--prune",
                        "--resolve-image",
                        "always",
                        "--with-registry-auth",
                        "-c",
                        ROOT.resolve("stacks/wordpress.yml").toString(),
                        "-c",
                        ROOT.resolve("stacks/wordpress-tls.yml").toString(),
                        "wpt1"),
                tls.commands().getFirst());
    }

    @Test
    void theDeployWaitsForConvergenceThenInstallsWordPressAtTheSitesAddress() {
        var development = settings("development", Map.of("WPSTACK_HTTP_PORT", "8080"));
        var plan = UpCommand.deploy(
                CONTEXT, "wpt1", development, Map.of("STACK", "wpt1"), false, false, CREDENTIALS, site(development));
        var run = (Step.Logged) plan.steps().get(1);
        assertEquals(Step.Logged.PROGRESS, run.progress());
        assertEquals(ROOT.resolve(".wpstack/logs/deploy-wpt1.log"), run.log());
        assertEquals(Map.of("STACK", "wpt1"), run.environment());
        assertEquals(
                new Step.Condition.StackConverged("wpt1"),
                ((Step.Await) plan.steps().get(2)).condition());
        var install =
                (Step.Condition.WordPressInstalled) ((Step.Await) plan.steps().get(3)).condition();
        assertEquals("192.0.2.2:8080", install.host());
        assertEquals("http", install.scheme());
        assertEquals("admin@example.com", install.form().get("admin_email"));
        assertEquals("0", install.form().get("blog_public"));
        assertFalse(install.toString().contains("p4"), "the admin password shows in no plan text");
    }

    @Test
    void oldCaddyfileConfigsAreRemovedQuietly() {
        var docker = new FakeDocker();
        docker.configs.addAll(List.of("wpt1_caddyfile_aaa", "wpt1_caddyfile_bbb", "wpt2_caddyfile_ccc"));
        var plan = UpCommand.cleanUp("wpt1", "bbb", docker);
        assertEquals(List.of(List.of("docker", "config", "rm", "wpt1_caddyfile_aaa")), plan.commands());
        assertEquals(Step.Output.SILENT, ((Step.Run) plan.steps().getFirst()).output());
    }

    @Test
    void theBackupCredentialsSecretsOfEarlierFilesAreRemovedQuietly() {
        var docker = new FakeDocker();
        docker.secrets.addAll(List.of(
                "wpt1_backup_repo_env_aaa", "wpt1_backup_repo_env_bbb", "wpt2_backup_repo_env_ccc", "wpt1_wp_db_pass"));
        var plan = UpCommand.cleanUpCredentials("wpt1", "bbb", docker);
        assertEquals(List.of(List.of("docker", "secret", "rm", "wpt1_backup_repo_env_aaa")), plan.commands());
        assertEquals(Step.Output.SILENT, ((Step.Run) plan.steps().getFirst()).output());
    }

    @Test
    void theUrlsNameTheSiteAdminerAndWithTlsInternalTheLocalCa() {
        var production = settings("production", Map.of());
        String urls = UpCommand.siteUrls(site(production), CREDENTIALS) + UpCommand.closingLines(production);
        assertTrue(
                urls.startsWith("WordPress:    https://192.0.2.2/  (admin: https://192.0.2.2/wp-admin/ as admin-wp)\n"),
                urls);
        assertTrue(urls.contains("also at https://vm/, https://localhost/, https://127.0.0.1/\n"), urls);
        assertTrue(urls.contains("Adminer:      https://192.0.2.2:8888/  (basic auth as admin-lb;"), urls);
        assertTrue(urls.contains("trust its root once: ./wpstack ca"), urls);
    }
}

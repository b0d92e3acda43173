package io.wpstack.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {

    /** Ports something listens on, and the processes ss names. */
    private record FakeHolders(Set<Integer> listening, Map<Integer, String> processes) implements PortHolders {
        @Override
        public boolean listening(int port) {
            return listening.contains(port);
        }

        @Override
        public Optional<String> process(int port) {
            return Optional.ofNullable(processes.get(port));
        }
    }

    private static Ports.Publishers publishing(int port, String container, String service) {
        return p -> p == port ? Optional.of(new Ports.Publisher(container, service)) : Optional.empty();
    }

    /** Ports' stack check with the edge ports the compose files give for SETTINGS. */
    private static void checkStack(Settings settings, String stack, Ports.Publishers publishers, PortHolders holders) {
        Ports.checkStackPortsFree(
                settings,
                io.wpstack.cli.model.Stacks.edgePortSettings(TestRepo.root(), settings.tlsEnabled()),
                stack,
                publishers,
                holders);
    }

    private static void checkMonitoring(
            Settings settings, String stack, Ports.Publishers publishers, PortHolders holders) {
        Ports.checkMonitoringPortsFree(
                settings,
                io.wpstack.cli.model.Stacks.monitoringPortSettings(TestRepo.root()),
                io.wpstack.cli.model.Stacks.edgePortSettings(TestRepo.root(), settings.tlsEnabled()),
                stack,
                publishers,
                holders);
    }

    @Test
    void aPortHeldByAnotherProcessNamesItAndTheFix() {
        var holders = new FakeHolders(Set.of(80), Map.of(80, "nginx (pid 4242)"));

        var error = assertThrows(
                PortInUseException.class,
                () -> Ports.checkFree(80, "wpstack_caddy", "WPSTACK_HTTP_PORT", Ports.Publishers.none(), holders));

        assertEquals(
                "port 80 is already in use by nginx (pid 4242); stop it, or choose another port (WPSTACK_HTTP_PORT)",
                error.getMessage());
        assertEquals(80, error.port());
    }

    @Test
    void aProcessSsCannotNameIsAnUnknownProcess() {
        var holders = new FakeHolders(Set.of(8888), Map.of());

        var error = assertThrows(
                PortInUseException.class,
                () -> Ports.checkFree(8888, "wpstack_caddy", "WPSTACK_ADMINER_PORT", Ports.Publishers.none(), holders));

        assertEquals(
                "port 8888 is already in use by an unknown process; stop it, or choose another port"
                        + " (WPSTACK_ADMINER_PORT)",
                error.getMessage());
    }

    @Test
    void aPortTheStacksOwnCaddyPublishesIsARedeploy() {
        var holders = new FakeHolders(Set.of(80), Map.of(80, "docker-proxy (pid 1)"));

        Ports.checkFree(
                80,
                "wpstack_caddy",
                "WPSTACK_HTTP_PORT",
                publishing(80, "wpstack_caddy.1.abc", "wpstack_caddy"),
                holders);
    }

    @Test
    void aPortAnotherServicePublishesNamesThatContainer() {
        var holders = new FakeHolders(Set.of(80), Map.of(80, "docker-proxy (pid 1)"));

        var error = assertThrows(
                PortInUseException.class,
                () -> Ports.checkFree(
                        80,
                        "blog_caddy",
                        "WPSTACK_HTTP_PORT",
                        publishing(80, "wpstack_caddy.1.abc", "wpstack_caddy"),
                        holders));

        assertEquals(
                "port 80 is already in use by wpstack_caddy.1.abc (service wpstack_caddy); stop it, or choose another"
                        + " port (WPSTACK_HTTP_PORT)",
                error.getMessage());
    }

    @Test
    void aFreePortIsNotLookedUp() {
        Ports.checkFree(
                80,
                "wpstack_caddy",
                "WPSTACK_HTTP_PORT",
                port -> {
                    throw new AssertionError("docker ps for a free port");
                },
                new FakeHolders(Set.of(), Map.of()));
    }

    @Test
    void theStackChecksTheHttpsPortOnlyWithTls() {
        var holders = new FakeHolders(Set.of(443), Map.of(443, "apache2 (pid 7)"));

        checkStack(TestRepo.settings("development", Map.of()), "wpstack", Ports.Publishers.none(), holders);
        var error = assertThrows(
                PortInUseException.class,
                () -> checkStack(
                        TestRepo.settings("production", Map.of()), "wpstack", Ports.Publishers.none(), holders));
        assertEquals(
                "port 443 is already in use by apache2 (pid 7); stop it, or choose another port (WPSTACK_HTTPS_PORT)",
                error.getMessage());
    }

    @Test
    void aMonitoringPortMustNotBeOneOfTheEdgeCaddys() {
        Settings settings = TestRepo.settings("production", Map.of("WPSTACK_GRAFANA_PORT", "443"));

        var error = assertThrows(
                InvalidSettingException.class,
                () -> checkMonitoring(
                        settings, "monitoring", Ports.Publishers.none(), new FakeHolders(Set.of(), Map.of())));

        assertEquals(
                "GRAFANA_PORT=443 is also a port of the WordPress stack; choose another (WPSTACK_GRAFANA_PORT)",
                error.getMessage());
    }

    @Test
    void monitoringPortsAreCaddyMonitoringsOnARedeploy() {
        Settings settings = TestRepo.settings("production", Map.of());
        var holders = new FakeHolders(Set.of(3000, 9090), Map.of());
        Ports.Publishers publishers = port ->
                Optional.of(new Ports.Publisher("monitoring_caddy_monitoring.1.x", "monitoring_caddy_monitoring"));

        checkMonitoring(settings, "monitoring", publishers, holders);
        var error =
                assertThrows(PortInUseException.class, () -> checkMonitoring(settings, "mon2", publishers, holders));
        assertTrue(error.getMessage()
                .startsWith("port 3000 is already in use by monitoring_caddy_monitoring.1.x"
                        + " (service monitoring_caddy_monitoring)"));
        assertThrows(
                InvalidSettingException.class,
                () -> checkMonitoring(
                        TestRepo.settings("production", Map.of("WPSTACK_BLACKBOX_PORT", "x")),
                        "monitoring",
                        publishers,
                        holders));
    }

    @Test
    void procTablesTellWhichPortsListen(@TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1
                   1: 0100007F:1F90 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 2
                """);
        Files.writeString(proc.resolve("net/tcp6"), """
                  sl  local_address                         remote_address                        st tx_queue
                   0: 00000000000000000000000000000000:22B8 00000000000000000000000000000000:0000 0A 00000000:0
                """);
        var holders = new ProcPortHolders(proc);

        assertTrue(holders.listening(80));
        assertTrue(holders.listening(8888));
        assertFalse(holders.listening(8080), "an established connection is not a listener");
        assertFalse(holders.listening(443));
        assertFalse(new ProcPortHolders(proc.resolve("none")).listening(80));
    }

    @Test
    void ssOutputNamesTheProcessAndItsPid() {
        assertEquals(
                Optional.of("nginx (pid 812)"),
                ProcPortHolders.parseSs(
                        "LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:((\"nginx\",pid=812,fd=6),(\"nginx\",pid=813,fd=6))\n"
                                + "LISTEN 0 511 [::]:80 [::]:* users:((\"other\",pid=1,fd=7))\n"));
        assertEquals(Optional.empty(), ProcPortHolders.parseSs("LISTEN 0 511 0.0.0.0:80 0.0.0.0:*\n"));
        assertEquals(Optional.empty(), ProcPortHolders.parseSs(""));
    }
}

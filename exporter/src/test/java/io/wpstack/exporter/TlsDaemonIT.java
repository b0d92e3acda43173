package io.wpstack.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.testkit.DindCluster;
import io.wpstack.testkit.DockerCli;
import io.wpstack.testkit.Poll;
import io.wpstack.testkit.SwarmNodeImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The exporter against a real dockerd started with {@code --tlsverify} (a one-node swarm in a swarm-node
 * container), with the Engine client's TLS fixtures (engine/src/test/resources/tls, from
 * scripts/make-tls-fixtures.sh): the daemon's certificate names DNS:docker-daemon.wpstack.test,
 * DNS:*.nodes.wpstack.test and IP:127.0.0.1. The daemon's port is published on the host's 127.0.0.1 only, so
 * tcp://127.0.0.1:PORT is the right name, and the container's own address, which the certificate does not
 * name, is a wrong one. The container is named after DindCluster's prefix and removed after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsDaemonIT {
    private static final Path FIXTURES =
            Path.of("../engine/src/test/resources/tls").toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String name = DindCluster.PREFIX + "tls-"
            + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    private String address;
    private int port;

    @BeforeAll
    void startTlsDaemon() {
        List<String> argv = new ArrayList<>(
                List.of("run", "--detach", "--name", name, "--hostname", name, "--publish", "127.0.0.1::2375"));
        argv.addAll(DindCluster.NODE_FLAGS);
        argv.addAll(List.of(
                "--tmpfs",
                "/var/lib/docker",
                "--volume",
                FIXTURES.resolve("daemon") + ":/certs:ro",
                SwarmNodeImage.ensureBuilt(SwarmNodeImage.DEFAULT),
                // Every TCP listener of dockerd speaks TLS once --tlsverify is given (the image's 2375 too).
                "--tlsverify",
                "--tlscacert=/certs/ca.pem",
                "--tlscert=/certs/server-cert.pem",
                "--tlskey=/certs/server-key.pem"));
        DockerCli.check(argv.toArray(String[]::new));
        address = DockerCli.check("inspect", "--format", "{{.NetworkSettings.IPAddress}}", name);
        String published =
                DockerCli.check("port", name, "2375/tcp").lines().findFirst().orElseThrow();
        port = Integer.parseInt(published.substring(published.lastIndexOf(':') + 1));
        Poll.until(
                "dockerd --tlsverify in " + name + " to form a one-node swarm",
                WAIT,
                () -> DockerCli.run("exec", name, "docker", "swarm", "init", "--advertise-addr", "127.0.0.1")
                                .ok()
                        || DockerCli.run("exec", name, "docker", "info", "--format", "{{.Swarm.LocalNodeState}}")
                                .output()
                                .strip()
                                .equals("active"),
                () -> DockerCli.run("logs", "--tail", "20", name).error());
    }

    @AfterAll
    void removeTlsDaemon() {
        DockerCli.run("rm", "--force", "--volumes", name);
    }

    @Test
    void theRightNameAndCaReadTheSwarm() throws Exception {
        try (RunningExporter exporter = exporter("tcp://127.0.0.1:" + port, "client")) {
            Poll.until(
                    "the exporter to read the swarm over TLS",
                    WAIT,
                    () -> exporter.scrape().up() == 1,
                    () -> exporter.log());
            assertEquals(200, exporter.get("/-/ready").statusCode());
        }
    }

    @Test
    void aPkcs1ClientKeyReadsTheSwarmToo() throws Exception {
        try (RunningExporter exporter = exporter("tcp://127.0.0.1:" + port, "client-pkcs1")) {
            Poll.until(
                    "the exporter to read the swarm over TLS",
                    WAIT,
                    () -> exporter.scrape().up() == 1,
                    () -> exporter.log());
        }
    }

    @Test
    void anAddressTheCertificateDoesNotNameIsRefusedNamingItAndTheCertificatesNames() throws Exception {
        try (RunningExporter exporter = exporter("tcp://" + address + ":2375", "client")) {
            assertEquals(0, exporter.scrape().up());
            var ready = exporter.get("/-/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(
                    ready.body()
                            .contains("the daemon's certificate is for DNS:docker-daemon.wpstack.test,"
                                    + " DNS:*.nodes.wpstack.test, IP:127.0.0.1, not for " + address),
                    ready.body());
            assertTrue(ready.body().contains("set DOCKER_HOST to one of those names"), ready.body());
        }
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefused() throws Exception {
        try (RunningExporter exporter = exporter("tcp://localhost:" + port, "client")) {
            assertEquals(0, exporter.scrape().up());
            assertTrue(exporter.get("/-/ready").body().contains("not for localhost"), exporter.log());
        }
    }

    @Test
    void withoutAClientCertificateTheDaemonRefuses() throws Exception {
        try (RunningExporter exporter = exporter("tcp://127.0.0.1:" + port, "no-client-cert")) {
            assertEquals(0, exporter.scrape().up());
            assertTrue(exporter.get("/-/ready").body().contains("needs cert.pem and key.pem"), exporter.log());
        }
    }

    private static RunningExporter exporter(String dockerHost, String certPath) throws Exception {
        return new RunningExporter(
                Map.of(
                        "DOCKER_HOST",
                        dockerHost,
                        "DOCKER_TLS_VERIFY",
                        "1",
                        "DOCKER_CERT_PATH",
                        FIXTURES.resolve(certPath).toString()),
                Duration.ofSeconds(10),
                false);
    }
}

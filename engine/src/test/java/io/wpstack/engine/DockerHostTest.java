package io.wpstack.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerHostTest {
    @Test
    void noDockerHostIsTheDefaultSocket() throws DockerException.BadConfig {
        assertEquals(new DockerHost.Unix(Path.of("/var/run/docker.sock")), DockerHost.fromEnvironment(Map.of()));
        assertEquals(
                new DockerHost.Unix(Path.of("/var/run/docker.sock")),
                DockerHost.fromEnvironment(Map.of("DOCKER_HOST", " ")));
    }

    @Test
    void unixAndTcpAsTheDockerCliReadsThem() throws DockerException.BadConfig {
        assertEquals(
                new DockerHost.Unix(Path.of("/run/user/1000/docker.sock")),
                DockerHost.fromEnvironment(Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock")));
        DockerHost tcp = DockerHost.fromEnvironment(Map.of("DOCKER_HOST", "tcp://10.0.0.5"));
        assertEquals(new DockerHost.Tcp("10.0.0.5", 2375, Optional.empty()), tcp);
        assertEquals("tcp://10.0.0.5:2375", tcp.describe());
    }

    @Test
    void tlsVerifyUsesTheCertPathAndPort2376() throws DockerException.BadConfig {
        DockerHost host = DockerHost.fromEnvironment(
                Map.of("DOCKER_HOST", "tcp://manager:2376", "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/certs"));

        assertEquals(
                new DockerHost.Tcp("manager", 2376, Optional.of(new DockerHost.TlsFiles(Path.of("/certs"), true))),
                host);
        assertEquals("https://manager:2376", host.describe());
        assertEquals(
                2376,
                ((DockerHost.Tcp) DockerHost.fromEnvironment(Map.of("DOCKER_HOST", "tcp://m", "DOCKER_TLS", "1")))
                        .port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh://user@host", "npipe:////./pipe/docker_engine", "tcp://", "not a uri"})
    void otherHostsAreRefusedNamingTheValueAndTheForms(String value) {
        var e = assertThrows(
                DockerException.BadConfig.class, () -> DockerHost.fromEnvironment(Map.of("DOCKER_HOST", value)));

        assertTrue(e.getMessage().startsWith("DOCKER_HOST=" + value + " is not supported"), e.getMessage());
    }

    @Test
    void unusableTlsFilesAreABadConfigNamingTheFolder(@org.junit.jupiter.api.io.TempDir Path empty) {
        var files = new DockerHost.TlsFiles(empty, true);

        var e = assertThrows(DockerException.BadConfig.class, () -> TlsContexts.create(files, "manager"));

        assertTrue(e.getMessage().contains("cannot use the TLS files in " + empty), e.getMessage());
    }
}

package io.wpstack.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.cert.X509Certificate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The docker CLI's (Go's VerifyHostname) rules, on the fixture daemon certificate's names. */
class HostNamesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "docker-daemon.wpstack.test, true",
        "DOCKER-Daemon.Wpstack.Test, true",
        "docker-daemon.wpstack.test., true",
        "manager1.nodes.wpstack.test, true",
        "nodes.wpstack.test, false",
        "a.b.nodes.wpstack.test, false",
        ".nodes.wpstack.test, false",
        "docker-daemon, false",
        "wpstack.test, false",
        "localhost, false",
        "127.0.0.1, true",
        "127.0.0.2, false",
        "::1, false",
        "[::ffff:127.0.0.1], true",
    })
    void namesMatchAsTheDockerCliMatchesThem(String host, boolean matches) throws Exception {
        X509Certificate leaf = (X509Certificate)
                TlsContexts.certificates(TlsDaemonTest.fixture("daemon").resolve("server-cert.pem"))
                        .getFirst();

        assertEquals(matches, HostNames.matches(host, leaf));
    }
}

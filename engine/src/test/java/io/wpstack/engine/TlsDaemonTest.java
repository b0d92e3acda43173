package io.wpstack.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against a real TLS daemon in this JVM: an SSLServerSocket on loopback that requires a client
 * certificate signed by the test CA and answers every request with a minimal HTTP response. The certificates are
 * the fixtures of scripts/make-tls-fixtures.sh (src/test/resources/tls); the daemon's names are
 * DNS:docker-daemon.wpstack.test, DNS:*.nodes.wpstack.test and IP:127.0.0.1.
 */
class TlsDaemonTest {
    private static final String SANS = "DNS:docker-daemon.wpstack.test, DNS:*.nodes.wpstack.test, IP:127.0.0.1";

    @Test
    void theRightCaAndNameAnswer() throws Exception {
        try (TlsDaemon daemon = TlsDaemon.start("daemon")) {
            assertTrue(client("127.0.0.1", daemon, "client").get("/_ping").bool("ok"));
        }
    }

    @Test
    void theRightCaButAnotherNameIsRefusedNamingTheNameAndTheCertificatesNames() throws Exception {
        try (TlsDaemon daemon = TlsDaemon.start("daemon")) {
            var e = assertThrows(DockerException.TlsRefused.class, () -> client("localhost", daemon, "client")
                    .get("/_ping"));

            assertEquals("tls", e.kind());
            assertTrue(
                    e.getMessage()
                            .startsWith("refused the Docker daemon at https://localhost:" + daemon.port()
                                    + ": the daemon's certificate is for " + SANS
                                    + ", not for localhost (the host of DOCKER_HOST); set DOCKER_HOST to one of"
                                    + " those names (tcp://NAME:PORT), or reissue the daemon's certificate with"
                                    + " DNS:localhost in its subjectAltName"),
                    e.getMessage());
            assertEquals(0, daemon.requests(), "no request may reach a daemon of the wrong name");
        }
    }

    @Test
    void anotherCaIsRefusedNamingCaPem() throws Exception {
        try (TlsDaemon daemon = TlsDaemon.start("other-daemon")) {
            var e = assertThrows(DockerException.TlsRefused.class, () -> client("127.0.0.1", daemon, "client")
                    .get("/_ping"));

            assertTrue(e.getMessage().contains("its certificate is not signed by "), e.getMessage());
            assertTrue(e.getMessage().contains(fixture("client") + "/ca.pem"), e.getMessage());
            assertEquals(0, daemon.requests());
        }
    }

    @Test
    void withoutAClientCertificateTheDaemonRefusesAndTheMessageSaysWhatIsMissing() throws Exception {
        try (TlsDaemon daemon = TlsDaemon.start("daemon")) {
            var e = assertThrows(DockerException.TlsRefused.class, () -> client("127.0.0.1", daemon, "no-client-cert")
                    .get("/_ping"));

            assertTrue(e.getMessage().contains("the TLS handshake with the Docker daemon at"), e.getMessage());
            assertTrue(e.getMessage().contains("needs cert.pem and key.pem"), e.getMessage());
            assertEquals(0, daemon.requests());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "client-pkcs1"})
    void pkcs8AndPkcs1ClientKeysAreAccepted(String certPath) throws Exception {
        try (TlsDaemon daemon = TlsDaemon.start("daemon")) {
            assertTrue(client("127.0.0.1", daemon, certPath).get("/_ping").bool("ok"));
            assertEquals(1, daemon.requests());
        }
    }

    @Test
    void withoutVerifyAnyNameAndCaIsAcceptedAsTheDockerCliDoesWithDockerTls() throws Exception {
        try (TlsDaemon daemon = TlsDaemon.start("other-daemon")) {
            var host = new DockerHost.Tcp(
                    "localhost", daemon.port(), Optional.of(new DockerHost.TlsFiles(fixture("client"), false)));

            assertTrue(new EngineClient(host, "test", Duration.ofSeconds(10), RequestListener.NONE)
                    .get("/_ping")
                    .bool("ok"));
        }
    }

    private static EngineClient client(String hostName, TlsDaemon daemon, String certPath)
            throws DockerException.BadConfig {
        var host = new DockerHost.Tcp(
                hostName, daemon.port(), Optional.of(new DockerHost.TlsFiles(fixture(certPath), true)));
        return new EngineClient(host, "test", Duration.ofSeconds(10), RequestListener.NONE);
    }

    static Path fixture(String folder) {
        try {
            return Path.of(TlsDaemonTest.class.getResource("/tls/" + folder).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A daemon that requires client certificates of the test CA and answers {"ok":true} to every request. */
    private static final class TlsDaemon implements AutoCloseable {
        private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}")
                .getBytes(StandardCharsets.US_ASCII);

        private final SSLServerSocket server;
        private final Thread acceptor;
        private volatile int requests;

        private TlsDaemon(SSLServerSocket server) {
            this.server = server;
            this.acceptor = Thread.ofVirtual().start(this::serve);
        }

        /** @param folder the fixture folder with ca.pem, server-cert.pem and server-key.pem */
        static TlsDaemon start(String folder) throws IOException, GeneralSecurityException {
            Path dir = fixture(folder);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(
                    "daemon",
                    TlsContexts.privateKey(dir.resolve("server-key.pem")),
                    new char[0],
                    TlsContexts.certificates(dir.resolve("server-cert.pem")).toArray(Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(
                    "ca", TlsContexts.certificates(dir.resolve("ca.pem")).getFirst());
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
            SSLServerSocket server =
                    (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            server.setNeedClientAuth(true);
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return new TlsDaemon(server);
        }

        int port() {
            return server.getLocalPort();
        }

        /** How many requests got through the handshake. */
        int requests() {
            return requests;
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    SSLSocket client = (SSLSocket) server.accept();
                    Thread.ofVirtual().start(() -> answer(client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void answer(SSLSocket client) {
            try (client) {
                InputStream in = client.getInputStream();
                int last = 0;
                int b;
                // up to the blank line that ends the request's headers
                while ((b = in.read()) >= 0) {
                    last = (last << 8 | b) & 0xffffffff;
                    if (last == 0x0d0a0d0a) {
                        break;
                    }
                }
                if (b < 0) {
                    return;
                }
                requests++;
                OutputStream out = client.getOutputStream();
                out.write(ANSWER);
                out.flush();
            } catch (IOException e) {
                // a refused handshake: the client's test looks at its own side
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                acceptor.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void theFixturesAreWhatTheTestsSayTheyAre() throws Exception {
        var leaf = (java.security.cert.X509Certificate)
                TlsContexts.certificates(fixture("daemon").resolve("server-cert.pem"))
                        .getFirst();
        assertEquals(SANS, String.join(", ", HostNames.subjectAltNames(leaf)));
        assertFalse(HostNames.matches("docker-daemon", leaf), "the common name alone never matches");
    }
}

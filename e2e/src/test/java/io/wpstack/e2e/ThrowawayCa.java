package io.wpstack.e2e;

import io.wpstack.testkit.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A root CA and a certificate for 127.0.0.1 signed by it, made with the openssl CLI; valid for two days. */
record ThrowawayCa(Path caPem, SSLContext serverContext) {
    private static final String PASSWORD = "throwaway";

    static ThrowawayCa create(Path folder) {
        Path caKey = folder.resolve("ca.key");
        Path caPem = folder.resolve("ca.pem");
        Path key = folder.resolve("server.key");
        Path csr = folder.resolve("server.csr");
        Path pem = folder.resolve("server.pem");
        Path extensions = folder.resolve("server.ext");
        Path keystore = folder.resolve("server.p12");
        try {
            Files.writeString(extensions, """
                    subjectAltName = IP:127.0.0.1
                    basicConstraints = critical, CA:FALSE
                    keyUsage = critical, digitalSignature
                    extendedKeyUsage = serverAuth
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
        openssl(
                "req -x509 " + ec + " -days 2 -subj /CN=wpstack-throwaway-CA -keyout %s -out %s"
                        + " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign",
                caKey,
                caPem);
        openssl("req " + ec + " -subj /CN=127.0.0.1 -keyout %s -out %s", key, csr);
        openssl(
                "x509 -req -in %s -CA %s -CAkey %s -CAcreateserial -days 2 -extfile %s -out %s",
                csr, caPem, caKey, extensions, pem);
        openssl(
                "pkcs12 -export -in %s -inkey %s -certfile %s -passout pass:" + PASSWORD + " -out %s",
                pem,
                key,
                caPem,
                keystore);
        return new ThrowawayCa(caPem, serverContext(keystore));
    }

    private static SSLContext serverContext(Path keystore) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + keystore, e);
        }
    }

    /** Runs openssl with the space-separated {@code arguments}, each {@code %s} replaced by the next path. */
    private static void openssl(String arguments, Path... paths) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        int next = 0;
        for (String argument : arguments.split(" ")) {
            command.add(argument.equals("%s") ? paths[next++].toString() : argument);
        }
        Processes.run(command, Map.of(), null, null, Duration.ofSeconds(30)).orThrow();
    }
}

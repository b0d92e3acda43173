package io.wpstack.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds an SSLContext from the docker CLI's PEM files (ca.pem, cert.pem, key.pem). With DOCKER_TLS_VERIFY the
 * daemon's certificate must chain to ca.pem and name the host of DOCKER_HOST ({@link HostNames}), as the docker
 * CLI requires; with DOCKER_TLS alone the connection is encrypted but nothing is verified, as the CLI does.
 */
final class TlsContexts {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {}

    /** @param host the host of DOCKER_HOST, which the daemon's certificate must name when verifying */
    static SSLContext create(DockerHost.TlsFiles files, String host) throws DockerException.BadConfig {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(files).getKeyManagers(), trustManagers(files, host), new SecureRandom());
            return context;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new DockerException.BadConfig(
                    "cannot use the TLS files in " + files.certPath() + " (" + e.getMessage()
                            + "); DOCKER_CERT_PATH needs ca.pem, cert.pem and key.pem (PKCS#8 or RSA PEM)",
                    e);
        }
    }

    private static KeyManagerFactory keyManagers(DockerHost.TlsFiles files)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        if (Files.exists(files.cert()) && Files.exists(files.key())) {
            List<Certificate> chain = certificates(files.cert());
            store.setKeyEntry("client", privateKey(files.key()), NO_PASSWORD, chain.toArray(Certificate[]::new));
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory;
    }

    private static TrustManager[] trustManagers(DockerHost.TlsFiles files, String host)
            throws IOException, GeneralSecurityException {
        if (!files.verify()) {
            return new TrustManager[] {new TrustAll()};
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate ca : certificates(files.ca())) {
            store.setCertificateEntry("ca" + i++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager chain) {
                return new TrustManager[] {new ChainAndName(chain, host)};
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in this runtime");
    }

    static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> result = new ArrayList<>();
        for (byte[] der : blocks(Files.readString(file, StandardCharsets.US_ASCII), "CERTIFICATE")) {
            result.add(factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (result.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + file);
        }
        return result;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        List<byte[]> pkcs8 = blocks(pem, "PRIVATE KEY");
        if (!pkcs8.isEmpty()) {
            return decodePkcs8(pkcs8.getFirst());
        }
        List<byte[]> rsa = blocks(pem, "RSA PRIVATE KEY");
        if (!rsa.isEmpty()) {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(wrapRsaInPkcs8(rsa.getFirst())));
        }
        throw new GeneralSecurityException("no PKCS#8 or RSA private key in " + file
                + "; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file);
    }

    private static PrivateKey decodePkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** PKCS#1 RSAPrivateKey -> PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING }. */
    static byte[] wrapRsaInPkcs8(byte[] pkcs1) {
        byte[] algorithm = {
            0x30,
            0x0d,
            0x06,
            0x09,
            0x2a,
            (byte) 0x86,
            0x48,
            (byte) 0x86,
            (byte) 0xf7,
            0x0d,
            0x01,
            0x01,
            0x01,
            0x05,
            0x00
        };
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = derElement(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return derElement(0x30, body);
    }

    private static byte[] derElement(int tag, byte[] content) {
        int length = content.length;
        byte[] header;
        if (length < 0x80) {
            header = new byte[] {(byte) tag, (byte) length};
        } else if (length < 0x100) {
            header = new byte[] {(byte) tag, (byte) 0x81, (byte) length};
        } else if (length < 0x10000) {
            header = new byte[] {(byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length};
        } else {
            header = new byte[] {(byte) tag, (byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
        }
        byte[] result = new byte[header.length + length];
        System.arraycopy(header, 0, result, 0, header.length);
        System.arraycopy(content, 0, result, header.length, length);
        return result;
    }

    private static List<byte[]> blocks(String pem, String type) {
        List<byte[]> result = new ArrayList<>();
        Matcher matcher = PEM.matcher(pem);
        while (matcher.find()) {
            if (matcher.group(1).equals(type)) {
                result.add(Base64.getMimeDecoder().decode(matcher.group(2)));
            }
        }
        return result;
    }

    /** The chain checked by the runtime's PKIX trust manager, then the leaf's names against the host dialled. */
    private static final class ChainAndName extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager chain;
        private final String host;

        ChainAndName(X509ExtendedTrustManager chain, String host) {
            this.chain = chain;
            this.host = host;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
                throws CertificateException {
            chain.checkServerTrusted(certificates, authType, socket);
            HostNames.verify(host, certificates[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
                throws CertificateException {
            chain.checkServerTrusted(certificates, authType, engine);
            HostNames.verify(host, certificates[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
            chain.checkServerTrusted(certificates, authType);
            HostNames.verify(host, certificates[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
                throws CertificateException {
            chain.checkClientTrusted(certificates, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
                throws CertificateException {
            chain.checkClientTrusted(certificates, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
            chain.checkClientTrusted(certificates, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return chain.getAcceptedIssuers();
        }
    }

    /** DOCKER_TLS without DOCKER_TLS_VERIFY: encrypted but unverified, as the docker CLI does. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

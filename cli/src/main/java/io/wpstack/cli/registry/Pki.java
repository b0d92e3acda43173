package io.wpstack.cli.registry;

import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * The registry's certificates, as the bash version made them with openssl: a CA (EC P-256,
 * SHA-256, 3650 days, CN "wpstack registry CA HOSTNAME", CA:TRUE pathlen:0, keyCertSign and
 * cRLSign) and a server certificate it signs (825 days, CN NAME, the SAN list, CA:FALSE,
 * digitalSignature and keyEncipherment, serverAuth). Either is renewed 30 days before it expires.
 * Keys are PKCS#8 PEM ("PRIVATE KEY"), as openssl 3 writes them.
 */
final class Pki {
    static final int CA_DAYS = 3650;
    static final int CERT_DAYS = 825;
    static final Duration RENEW = Duration.ofDays(30);

    private static final Pattern IPV4 = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");
    private static final DateTimeFormatter OPENSSL_DATE = DateTimeFormatter.ofPattern(
                    "MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final SecureRandom random;

    Pki(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A key and its certificate, both PEM. */
    record Issued(String key, String certificate) {}

    /**
     * The subjectAltName entries for NAME: the name, localhost, 127.0.0.1 and every IPv4 address of
     * ADDRESSES (this machine's and the swarm nodes'; others and 0.0.0.0 are left out), sorted and
     * without duplicates, so an unchanged list keeps the certificate.
     */
    static List<String> san(String name, List<String> addresses) {
        Set<String> entries = new TreeSet<>(List.of("DNS:" + name, "DNS:localhost", "IP:127.0.0.1"));
        for (String address : addresses) {
            String addr = address.strip();
            if (IPV4.matcher(addr).matches() && !addr.equals("0.0.0.0")) {
                entries.add("IP:" + addr);
            }
        }
        return List.copyOf(entries);
    }

    /** The entries of a saved server.san ("DNS:a,IP:b"), for comparison regardless of order. */
    static Set<String> sanSet(String saved) {
        return saved == null
                ? Set.of()
                : Arrays.stream(saved.strip().split(","))
                        .filter(entry -> !entry.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
    }

    /** CERTIFICATE (PEM) parses and does not expire within {@link #RENEW} (openssl -checkend). */
    boolean validForAWhile(String certificate) {
        X509CertificateHolder holder = certificateOrNull(certificate);
        return holder != null
                && holder.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW));
    }

    /** CERTIFICATE was signed by CA and both are valid now (openssl verify -CAfile CA). */
    boolean signedBy(String certificate, String ca) {
        X509CertificateHolder cert = certificateOrNull(certificate);
        X509CertificateHolder issuer = certificateOrNull(ca);
        if (cert == null || issuer == null) {
            return false;
        }
        Date now = Date.from(clock.instant());
        try {
            return cert.getIssuer().equals(issuer.getSubject())
                    && cert.isValidOn(now)
                    && issuer.isValidOn(now)
                    && cert.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer));
        } catch (GeneralSecurityException | OperatorCreationException | org.bouncycastle.cert.CertException e) {
            return false;
        }
    }

    /** A new CA for the machine HOSTNAME. */
    Issued newCa(String hostname) {
        KeyPair keys = newKeyPair();
        X500Name subject = commonName("wpstack registry CA " + hostname);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var builder = new JcaX509v3CertificateBuilder(
                subject,
                randomSerial(),
                Date.from(now),
                Date.from(now.plus(Duration.ofDays(CA_DAYS))),
                subject,
                keys.getPublic());
        try {
            var utils = new JcaX509ExtensionUtils();
            builder.addExtension(
                            Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            utils.createAuthorityKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA's extensions", e);
        }
        return new Issued(pem(keys.getPrivate()), pem(sign(builder, keys.getPrivate())));
    }

    /** A server certificate for NAME with the SAN entries, signed by CA with SERIAL. */
    Issued newServer(Issued ca, String name, List<String> san, BigInteger serial) {
        X509CertificateHolder caCert = certificateOrNull(ca.certificate());
        if (caCert == null) {
            throw new WpstackException("the registry CA's certificate cannot be read; remove it and rerun");
        }
        PrivateKey caKey = privateKey(ca.key());
        KeyPair keys = newKeyPair();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                caCert.getSubject(),
                serial,
                Date.from(now),
                Date.from(now.plus(Duration.ofDays(CERT_DAYS))),
                commonName(name),
                keys.getPublic());
        GeneralName[] names = san.stream()
                .map(entry -> entry.startsWith("IP:")
                        ? new GeneralName(GeneralName.iPAddress, entry.substring(3))
                        : new GeneralName(GeneralName.dNSName, entry.substring(4)))
                .toArray(GeneralName[]::new);
        try {
            var utils = new JcaX509ExtensionUtils();
            SubjectKeyIdentifier caKeyId = SubjectKeyIdentifier.fromExtensions(caCert.getExtensions());
            AuthorityKeyIdentifier authority = caKeyId != null
                    ? new AuthorityKeyIdentifier(caKeyId.getKeyIdentifier())
                    : utils.createAuthorityKeyIdentifier(caCert.getSubjectPublicKeyInfo());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, authority);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the certificate's extensions", e);
        }
        return new Issued(pem(keys.getPrivate()), pem(sign(builder, caKey)));
    }

    /** The serial after ca.srl's (openssl -CAserial), or a random one when there is none. */
    BigInteger nextSerial(String caSerial) {
        if (caSerial != null) {
            try {
                return new BigInteger(caSerial.strip(), 16).add(BigInteger.ONE);
            } catch (NumberFormatException e) {
                // unreadable: a new random serial, as openssl -CAcreateserial makes
            }
        }
        return randomSerial();
    }

    /** ca.srl's text for SERIAL (upper-case hex, as openssl writes it). */
    static String serialFile(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return (hex.length() % 2 == 1 ? "0" + hex : hex) + "\n";
    }

    /** "notAfter=Mar  6 00:59:58 2029 GMT", as openssl x509 -enddate prints it; null when unreadable. */
    static String endDate(String certificate) {
        X509CertificateHolder holder = certificateOrNull(certificate);
        return holder == null
                ? null
                : "notAfter=" + OPENSSL_DATE.format(holder.getNotAfter().toInstant());
    }

    /** The certificate of PEM, or null when it is none. */
    static X509CertificateHolder certificateOrNull(String pem) {
        if (pem == null || pem.isEmpty()) {
            return null;
        }
        try (var parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject() instanceof X509CertificateHolder holder ? holder : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The private key of PEM (PKCS#8 or SEC1), else an error naming the fix. */
    static PrivateKey privateKey(String pem) {
        try (var parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException | RuntimeException e) {
            // reported below
        }
        throw new WpstackException("the registry CA's key (ca.key) cannot be read; move .wpstack/registry/ca.key and"
                + " ca.crt aside and rerun (every node must then trust the new CA: ./wpstack registry trust)");
    }

    private KeyPair newKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no EC P-256", e);
        }
    }

    /** A positive 159-bit serial, as openssl 3 picks. */
    private BigInteger randomSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(159, random);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X500Name commonName(String value) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, value).build();
    }

    private static X509CertificateHolder sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
            return builder.build(signer);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with ECDSA", e);
        }
    }

    private static String pem(Object object) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}

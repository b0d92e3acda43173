package io.wpstack.cli.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

class RegistryPkiTest {
    private final Pki pki = RegistryFixtures.pki(RegistryFixtures.NOW);

    @Test
    void sanListsTheNameLocalhostLoopbackAndEveryIpv4AddressSortedOnce() {
        assertEquals(
                List.of(
                        "DNS:localhost",
                        "DNS:wpstack-registry.internal",
                        "IP:10.0.0.5",
                        "IP:10.0.0.6",
                        "IP:127.0.0.1",
                        "IP:192.168.1.20"),
                Pki.san(
                        "wpstack-registry.internal",
                        List.of("192.168.1.20", "10.0.0.6", " 10.0.0.5\n", "10.0.0.5", "0.0.0.0", "fe80::1", "", "x")));
    }

    @Test
    void sanOfNoAddressesIsTheNameAndLoopback() {
        assertEquals(List.of("DNS:localhost", "DNS:r.internal", "IP:127.0.0.1"), Pki.san("r.internal", List.of()));
    }

    @Test
    void savedSanComparesRegardlessOfOrder() {
        assertEquals(Pki.sanSet("IP:127.0.0.1,DNS:localhost\n"), Pki.sanSet("DNS:localhost,IP:127.0.0.1"));
    }

    @Test
    void caIsWhatTheBashsOpensslMade() throws Exception {
        Pki.Issued ca = pki.newCa("vm");
        X509CertificateHolder cert = Pki.certificateOrNull(ca.certificate());
        assertEquals("CN=wpstack registry CA vm", cert.getSubject().toString());
        assertEquals(cert.getSubject(), cert.getIssuer());
        assertEquals(
                Duration.ofDays(3650),
                Duration.between(
                        cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()));
        Extension basic = cert.getExtension(Extension.basicConstraints);
        assertTrue(basic.isCritical());
        BasicConstraints constraints = BasicConstraints.getInstance(basic.getParsedValue());
        assertTrue(constraints.isCA());
        assertEquals(BigInteger.ZERO, constraints.getPathLenConstraint());
        Extension usage = cert.getExtension(Extension.keyUsage);
        assertTrue(usage.isCritical());
        assertEquals(
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), KeyUsage.getInstance(usage.getParsedValue()));
        assertTrue(ca.key().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(ca.certificate().startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(pki.signedBy(ca.certificate(), ca.certificate()));
    }

    @Test
    void serverCertificateCarriesTheSanListAndIsSignedByTheCa() throws Exception {
        Pki.Issued ca = pki.newCa("vm");
        List<String> san = Pki.san("wpstack-registry.internal", List.of("10.0.0.5"));
        Pki.Issued server = pki.newServer(ca, "wpstack-registry.internal", san, BigInteger.TEN);
        X509CertificateHolder cert = Pki.certificateOrNull(server.certificate());
        assertEquals("CN=wpstack-registry.internal", cert.getSubject().toString());
        assertEquals("CN=wpstack registry CA vm", cert.getIssuer().toString());
        assertEquals(BigInteger.TEN, cert.getSerialNumber());
        assertEquals(
                Duration.ofDays(825),
                Duration.between(
                        cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()));
        GeneralNames names = GeneralNames.fromExtensions(cert.getExtensions(), Extension.subjectAlternativeName);
        assertEquals(
                List.of(
                        GeneralName.dNSName + ": localhost",
                        GeneralName.dNSName + ": wpstack-registry.internal",
                        GeneralName.iPAddress + ": #0a000005",
                        GeneralName.iPAddress + ": #7f000001"),
                Arrays.stream(names.getNames()).map(GeneralName::toString).toList());
        assertFalse(BasicConstraints.getInstance(
                        cert.getExtension(Extension.basicConstraints).getParsedValue())
                .isCA());
        assertTrue(cert.getExtension(Extension.keyUsage).isCritical());
        assertEquals(
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment),
                KeyUsage.getInstance(cert.getExtension(Extension.keyUsage).getParsedValue()));
        assertTrue(
                ExtendedKeyUsage.fromExtensions(cert.getExtensions()).hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth));
        assertTrue(pki.signedBy(server.certificate(), ca.certificate()));
        assertFalse(pki.signedBy(server.certificate(), pki.newCa("other").certificate()));
    }

    @Test
    void aCertificateIsRenewedWithinThirtyDaysOfItsEnd() {
        Pki.Issued ca = pki.newCa("vm");
        var end = RegistryFixtures.NOW.plus(Duration.ofDays(3650));
        assertTrue(RegistryFixtures.pki(end.minus(Duration.ofDays(31))).validForAWhile(ca.certificate()));
        assertFalse(RegistryFixtures.pki(end.minus(Duration.ofDays(29))).validForAWhile(ca.certificate()));
        assertFalse(pki.validForAWhile("not a certificate"));
        assertFalse(pki.validForAWhile(null));
    }

    @Test
    void signsWithTheBashMadeCaAndItsSerialFile() {
        Pki.Issued ca = new Pki.Issued(RegistryFixtures.bashMade("ca.key"), RegistryFixtures.bashMade("ca.crt"));
        BigInteger serial = pki.nextSerial(RegistryFixtures.bashMade("ca.srl"));
        assertEquals(new BigInteger(RegistryFixtures.bashMade("ca.srl").strip(), 16).add(BigInteger.ONE), serial);
        Pki.Issued server = pki.newServer(ca, "r.internal", Pki.san("r.internal", List.of()), serial);
        assertTrue(pki.signedBy(server.certificate(), ca.certificate()));
        assertTrue(pki.signedBy(RegistryFixtures.bashMade("server.crt"), ca.certificate()));
        assertEquals(serial, Pki.certificateOrNull(server.certificate()).getSerialNumber());
        assertEquals(
                RegistryFixtures.bashMade("ca.srl").length(),
                Pki.serialFile(serial).length());
    }

    @Test
    void endDateIsInOpensslsFormat() {
        assertEquals("notAfter=Mar  6 01:07:40 2029 GMT", Pki.endDate(RegistryFixtures.bashMade("server.crt")));
    }
}

package io.wpstack.engine;

import java.net.InetAddress;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The daemon's certificate checked against the host of DOCKER_HOST as the docker CLI (Go's crypto/x509
 * VerifyHostname) checks it: an IP address against the certificate's IP subjectAltNames only, a host name
 * against its DNS subjectAltNames (case-insensitive, a trailing dot ignored, {@code *.} matching exactly one
 * leftmost label), and never against the subject's common name.
 */
final class HostNames {
    private static final int DNS = 2;
    private static final int IP = 7;

    private HostNames() {}

    /** A certificate that does not name the host dialled. */
    static final class Mismatch extends CertificateException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    /** @throws Mismatch naming HOST, the certificate's names and the fix, when CERTIFICATE is not for HOST */
    static void verify(String host, X509Certificate certificate) throws CertificateException {
        List<String> names = subjectAltNames(certificate);
        if (!matches(host, certificate)) {
            String bare = bare(host);
            String fix = names.isEmpty()
                    ? "reissue the daemon's certificate with a subjectAltName for " + bare
                            + " (the docker CLI ignores the common name "
                            + certificate.getSubjectX500Principal().getName()
                            + " too)"
                    : "set DOCKER_HOST to one of those names (tcp://NAME:PORT), or reissue the daemon's certificate"
                            + " with " + (isIp(bare) ? "IP:" : "DNS:") + bare + " in its subjectAltName";
            throw new Mismatch("the daemon's certificate is for "
                    + (names.isEmpty() ? "no subjectAltName" : String.join(", ", names)) + ", not for " + bare
                    + " (the host of DOCKER_HOST); " + fix);
        }
    }

    static boolean matches(String host, X509Certificate certificate) throws CertificateParsingException {
        String bare = bare(host);
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives == null) {
            return false;
        }
        if (isIp(bare)) {
            InetAddress address = InetAddress.ofLiteral(bare);
            for (List<?> name : alternatives) {
                if ((Integer) name.get(0) == IP
                        && InetAddress.ofLiteral((String) name.get(1)).equals(address)) {
                    return true;
                }
            }
            return false;
        }
        String wanted = withoutTrailingDot(bare.toLowerCase(Locale.ROOT));
        for (List<?> name : alternatives) {
            if ((Integer) name.get(0) == DNS
                    && dnsMatches(withoutTrailingDot(((String) name.get(1)).toLowerCase(Locale.ROOT)), wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (host.isEmpty() || pattern.isEmpty()) {
            return false;
        }
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }

    /** "DNS:name" and "IP:address" of each subjectAltName, in the certificate's order. */
    static List<String> subjectAltNames(X509Certificate certificate) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> name : alternatives) {
                int type = (Integer) name.get(0);
                if (type == DNS || type == IP) {
                    names.add((type == DNS ? "DNS:" : "IP:") + name.get(1));
                }
            }
        }
        return names;
    }

    /** The host without the brackets of an IPv6 literal ([::1] in a URI). */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean isIp(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package io.wpstack.cli.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The golden files are what lib/monitoring.sh's write_probe_targets wrote for the same settings. */
class ProbeTargetsTest {

    @Test
    void productionProbesTheEdgeCaddyOverTlsByItsBareHostWithTheInternalCa() {
        String probes = ProbeTargets.of(Repo.settings("production", Map.of()));

        assertEquals(Repo.golden("probes-production.yml"), probes);
        assertEquals("80e4a4736596", ContentHash.of(probes));
    }

    @Test
    void withoutTlsTheHostKeepsItsPortAndEveryProbeUrlIsAGroupOfItsOwn() {
        String probes = ProbeTargets.of(Repo.settings(
                "development",
                Map.of(
                        "WPSTACK_HTTP_PORT", "8080",
                        "WPSTACK_PROBE_URLS", "https://example.org/  http://a.b/c?x=1")));

        assertEquals(Repo.golden("probes-development.yml"), probes);
        assertEquals("a84adf821718", ContentHash.of(probes));
    }

    @Test
    void aDomainWithoutInternalTlsVerifiesCertificatesAndHasNoCaLabel() {
        String probes = ProbeTargets.of(Repo.settings(
                "production",
                Map.of(
                        "WPSTACK_DOMAIN", "example.com",
                        "WPSTACK_TLS", "",
                        "WPSTACK_HTTPS_PORT", "8443",
                        "WPSTACK_ADMINER_PORT", "9443",
                        "WPSTACK_PROBE_INSECURE_SKIP_VERIFY", "false")));

        assertEquals(Repo.golden("probes-domain.yml"), probes);
        assertEquals("ba0dacb54c91", ContentHash.of(probes));
    }

    @Test
    void urlAuthorityAndPortStrippingFollowTheShellsExpansions() {
        assertEquals("example.com:8443", ProbeTargets.authority("https://example.com:8443/x/y"));
        assertEquals("localhost", ProbeTargets.authority("http://localhost"));
        assertEquals("localhost", ProbeTargets.withoutPort("localhost:8888"));
        assertEquals("localhost", ProbeTargets.withoutPort("localhost"));
    }
}

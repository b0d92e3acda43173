package io.wpstack.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SiteAddressTest {
    private static final List<SiteAddress.Node> NODES = List.of(
            new SiteAddress.Node("n1", "192.0.2.11", "Worker-1"),
            new SiteAddress.Node("n2", "192.0.2.10", "manager"),
            new SiteAddress.Node("n3", "0.0.0.0", "worker-2"));

    private static SiteAddress site(String environment, Map<String, String> process) {
        return SiteAddress.of(TestRepo.settings(environment, process), process, "n2", NODES);
    }

    @Test
    void anOriginIsTheSchemeAndTheHostWithItsPort() {
        assertEquals(
                new SiteAddress.Origin("https", "example.com:8443"),
                SiteAddress.Origin.of("https://example.com:8443/"));
        assertEquals(new SiteAddress.Origin("http", "192.0.2.2"), SiteAddress.Origin.of("http://192.0.2.2/wp/admin"));
        assertThrows(IllegalArgumentException.class, () -> SiteAddress.Origin.of("example.com"));
    }

    @Test
    void hostsAreThisNodeFirstThenTheOthersThenLocalhostThenSiteHosts() {
        SiteAddress site =
                site("development", Map.of("WPSTACK_SITE_HOSTS", "Blog.Example  MANAGER bad/host 127.0.0.1"));

        assertEquals(
                List.of(
                        "192.0.2.10",
                        "manager",
                        "192.0.2.11",
                        "worker-1",
                        "worker-2",
                        "localhost",
                        "127.0.0.1",
                        "blog.example"),
                site.hosts());
    }

    @Test
    void withoutASwarmTheSiteIsLocalhost() {
        SiteAddress site = SiteAddress.of(TestRepo.settings("development", Map.of()), Map.of(), "", List.of());

        assertEquals(List.of("localhost", "127.0.0.1"), site.hosts());
        assertEquals("http://localhost", site.url());
        assertEquals("http://localhost:8888", site.adminerUrl());
        assertEquals(List.of("http://127.0.0.1/"), site.otherUrls());
    }

    @Test
    void developmentIsPlainHttpAtThisNodesAddress() {
        SiteAddress site = site("development", Map.of("WPSTACK_HTTP_PORT", "8080"));

        assertEquals("http", site.scheme());
        assertEquals("8080", site.port());
        assertEquals("", site.fixedUrl());
        assertEquals("http://192.0.2.10:8080", site.url());
        assertEquals("http://192.0.2.10:8888", site.adminerUrl());
        assertEquals("http://localhost:8080", site.localUrl());
        assertEquals("http://manager:8080/", site.otherUrls().getFirst());
    }

    @Test
    void productionIsHttpsWithCaddysLocalCa() {
        SiteAddress site = site("production", Map.of());

        assertEquals("https", site.scheme());
        assertEquals("443", site.port());
        assertEquals("https://192.0.2.10", site.url());
        assertEquals("https://192.0.2.10:8888", site.adminerUrl());
        assertEquals(
                Map.of(
                        "SITE_HOST_LIST",
                        "192.0.2.10 manager 192.0.2.11 worker-1 worker-2 localhost 127.0.0.1",
                        "SITE_URL_FIXED",
                        "",
                        "SITE_SCHEME",
                        "https"),
                site.variables());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            example.com | 443  | ''                        | https://example.com      | https://example.com:8888
            example.com | 8443 | ''                        | https://example.com:8443 | https://example.com:8888
            example.com | 443  | http://10.0.0.1:8080/     | http://10.0.0.1:8080     | https://example.com:8888
            ''          | 443  | https://blog.example//    | https://blog.example/    | http://192.0.2.10:8888
            """)
    void aFixedUrlIsWpstackSiteUrlElseTheDomains(
            String domain, String httpsPort, String siteUrl, String url, String adminer) {
        SiteAddress site = site(
                "development",
                Map.of("WPSTACK_DOMAIN", domain, "WPSTACK_HTTPS_PORT", httpsPort, "WPSTACK_SITE_URL", siteUrl));

        assertEquals(url, site.fixedUrl());
        assertEquals(url, site.url());
        assertEquals(adminer, site.adminerUrl());
    }

    @Test
    void urlsLeaveOutTheSchemesDefaultPort() {
        assertEquals("https://h", SiteAddress.urlFor("https", "h", "443", SiteAddress.defaultPort("https")));
        assertEquals("http://h:443", SiteAddress.urlFor("http", "h", "443", SiteAddress.defaultPort("http")));
        assertEquals("http://h", SiteAddress.urlFor("http", "h", "80", SiteAddress.defaultPort("http")));
    }
}

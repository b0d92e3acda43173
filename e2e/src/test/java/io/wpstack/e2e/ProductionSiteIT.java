package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.testkit.CommandResult;
import io.wpstack.testkit.DockerCli;
import io.wpstack.testkit.Processes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;

/**
 * Production's settings (TLS=internal, several WordPress replicas) as a newcomer uses them: by the node's
 * address over HTTPS, with Caddy's local CA trusted from {@code ./wpstack ca}, in a real browser (screenshots
 * under .wpstack/logs/browser/production/), graded by WordPress's own Site Health. The monitoring stack is
 * left out (MONITORING=false): MonitoringStackIT covers it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(3)
@ResourceLock(Lanes.TWO)
class ProductionSiteIT {
    private static final String STACK = "e2eprod";
    private static final int HTTP_PORT = 18380;
    private static final int HTTPS_PORT = 18343;
    private static final int ADMINER_PORT = 18388;
    private static final String NODE = DockerCli.check("info", "--format", "{{.Swarm.NodeAddr}}");
    private static final String SITE = "https://" + NODE + ":" + HTTPS_PORT;

    private final Path work = Path.of("target", "e2e-production").toAbsolutePath();
    private Wpstack wpstack;
    private Map<String, String> credentials;
    private Path ca;
    private HttpClient https;
    private Browser browser;
    private WordPressPages wordpress;

    @BeforeAll
    void deploy() throws Exception {
        Files.createDirectories(work);
        wpstack = new Wpstack(Map.of(
                "WPSTACK_STACK", STACK,
                "WPSTACK_MONITORING", "false",
                "WPSTACK_WORDPRESS_REPLICAS", "2",
                "WPSTACK_HTTP_PORT", String.valueOf(HTTP_PORT),
                "WPSTACK_HTTPS_PORT", String.valueOf(HTTPS_PORT),
                "WPSTACK_ADMINER_PORT", String.valueOf(ADMINER_PORT),
                "WPSTACK_CREDENTIALS", work.resolve("credentials-" + STACK).toString()));
        wpstack.run("down", "--purge");
        CommandResult up = wpstack.run("up", "--env", "production");
        assertEquals(0, up.exitCode(), up.output() + up.error());
        assertTrue(
                up.output().contains("WordPress:    " + SITE + "/"),
                "up names the node's HTTPS address: " + up.output());
        assertTrue(up.output().contains("./wpstack ca"), "up does not say how to trust the local CA: " + up.output());
        credentials = wpstack.credentials();
        CommandResult printed = wpstack.run("ca");
        assertEquals(0, printed.exitCode(), printed.error());
        Matcher pem = WordPressPages.PEM.matcher(printed.output());
        assertTrue(pem.find(), "./wpstack ca printed no certificate: " + printed.output());
        ca = Files.writeString(work.resolve("wpstack-ca.crt"), pem.group() + "\n");
        https = HttpClient.newBuilder()
                .sslContext(trusting(ca))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        browser = Browser.start("production", ca);
        wordpress = new WordPressPages(browser, SITE);
    }

    @AfterAll
    void remove() {
        if (browser != null) {
            browser.close();
        }
        if (wpstack != null) {
            CommandResult down = wpstack.run("down", "--purge");
            assertEquals(0, down.exitCode(), down.error());
        }
    }

    @Test
    @Order(1)
    void httpsAtTheNodesAddressIsTrustedWithTheLocalCaAndHttpRedirectsToIt() throws Exception {
        // Java checks the certificate against the address (an IP SAN), as a browser does.
        HttpResponse<String> home = get(SITE + "/");
        assertEquals(200, home.statusCode(), home.body());
        assertTrue(home.body().contains(SITE + "/wp-content/"), "links are not https at the node's address");
        HttpResponse<String> plain = get("http://" + NODE + ":" + HTTP_PORT + "/?p=1");
        assertTrue(plain.statusCode() == 301 || plain.statusCode() == 308, "HTTP answered " + plain.statusCode());
        assertEquals(SITE + "/?p=1", plain.headers().firstValue("Location").orElse(""));
        HttpResponse<String> local = get("https://localhost:" + HTTPS_PORT + "/");
        assertEquals(200, local.statusCode());
        assertTrue(local.body().contains("https://localhost:" + HTTPS_PORT + "/wp-content/"));
    }

    @Test
    @Order(2)
    void anApplicationPasswordWorksOverHttps() throws Exception {
        Web admin = Web.trusting(trusting(ca));
        String nonce = admin.logInToWordPress(SITE, credentials.get("wp_admin_user"), credentials.get("wp_admin_pass"));
        HttpResponse<String> created = admin.postJson(
                SITE + "/wp-json/wp/v2/users/me/application-passwords",
                "{\"name\":\"e2e " + UUID.randomUUID() + "\"}",
                "X-WP-Nonce",
                nonce);
        assertEquals(201, created.statusCode(), created.body());
        Matcher password = Pattern.compile("\"password\":\"([^\"]+)\"").matcher(created.body());
        assertTrue(password.find(), created.body());
        String basic = Base64.getEncoder()
                .encodeToString(
                        (credentials.get("wp_admin_user") + ":" + password.group(1)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> me = https.send(
                HttpRequest.newBuilder(URI.create(SITE + "/wp-json/wp/v2/users/me?context=edit"))
                        .header("Authorization", "Basic " + basic)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), "the application password was refused: " + me.body());
        assertTrue(me.body().contains("\"username\":\"" + credentials.get("wp_admin_user") + "\""), me.body());
    }

    @Test
    @Order(3)
    void theHomePageLoadsEverythingInABrowserAtTheNodesAddress() {
        browser.open(SITE + "/");
        browser.waitUntil("the home page", page -> page.getTitle().contains("wpstack"));
        browser.step("home page");
        assertEquals(List.of(), browser.failedRequests(), "requests the browser could not load");
    }

    @Test
    @Order(4)
    void anAdministratorPublishesAPostWithAnUploadedImage() {
        wordpress.logIn(credentials.get("wp_admin_user"), credentials.get("wp_admin_pass"));
        String image = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        wordpress.uploadMedia(WordPressPages.png(work.resolve(image + ".png")));
        String title = "Browser post " + image;
        wordpress.publishPostWithNewestImage(title);
        wordpress.assertFrontPageShows(title, image);
        // wp-admin also shows Gravatar avatars and WordPress.org's pictures, which this machine cannot reach.
        assertEquals(
                List.of(),
                browser.failedRequests().stream()
                        .filter(failure -> failure.startsWith(SITE))
                        .toList(),
                "requests to the site the browser could not load");
    }

    @Test
    @Order(5)
    void anUploadedPluginAndThemeInstallActivateAndDeleteWithoutFtp() {
        String marker = "wpstack-e2e-plugin-" + UUID.randomUUID();
        wordpress.installAndActivatePlugin(
                WordPressPages.pluginZip(work, "wpstack-e2e-plugin", "wpstack e2e plugin", marker),
                "wpstack e2e plugin");
        browser.open(SITE + "/");
        browser.waitUntil(
                "the plugin's footer on the front page",
                page -> wordpress.pageText().contains(marker));
        wordpress.deactivateAndDeletePlugin("wpstack-e2e-plugin");
        String themeMarker = "wpstack-e2e-theme-" + UUID.randomUUID();
        wordpress.installAndActivateTheme(
                WordPressPages.themeZip(work, "wpstack-e2e-theme", "wpstack e2e theme", themeMarker),
                "wpstack e2e theme");
        browser.open(SITE + "/");
        browser.waitUntil("the theme's front page", page -> wordpress.pageText().contains(themeMarker));
        browser.step("front page in the uploaded theme");
        wordpress.switchBackAndDeleteTheme("wpstack-e2e-theme", "twentytwentyfive");
    }

    @Test
    @Order(6)
    void siteHealthShowsNoCriticalItem() {
        SiteHealthItems.assertAcceptable("production", wordpress.siteHealth(), SiteHealthItems.ACCEPTED_IN_PRODUCTION);
    }

    @Test
    @Order(7)
    void adminerOpensBehindBasicAuthAndItsOwnLogin() {
        browser.basicAuth(credentials.get("lb_admin_user"), credentials.get("lb_admin_pass"));
        browser.open("https://" + NODE + ":" + ADMINER_PORT + "/");
        browser.visible(By.name("auth[username]")).sendKeys("wordpress");
        browser.visible(By.name("auth[password]")).sendKeys(credentials.get("wp_db_pass"));
        browser.visible(By.name("auth[db]")).sendKeys("wordpress");
        browser.step("adminer login");
        browser.visible(By.cssSelector("input[type=submit]")).click();
        browser.waitUntil("Adminer to list the WordPress tables", page -> page.getPageSource()
                .contains("wp_posts"));
        browser.step("adminer tables");
    }

    /** With DOMAIN set, every link uses it, whatever address a request came by. */
    @Test
    @Order(8)
    void withDomainSetEveryLinkUsesIt() throws Exception {
        String domain = "wpstack-e2e.test";
        CommandResult up = wpstack.with("WPSTACK_DOMAIN", domain).run("up", "--env", "production");
        assertEquals(0, up.exitCode(), up.output() + up.error());
        String site = "https://" + domain + ":" + HTTPS_PORT;
        assertTrue(up.output().contains("WordPress:    " + site + "/"), up.output());
        // curl resolves the name to the node's address, sends it as the TLS server name and trusts the local CA.
        CommandResult home = Processes.run(
                List.of(
                        "curl",
                        "-sS",
                        "--cacert",
                        ca.toString(),
                        "--resolve",
                        domain + ":" + HTTPS_PORT + ":" + NODE,
                        site + "/"),
                Map.of(),
                null,
                null,
                Duration.ofMinutes(1));
        assertEquals(0, home.exitCode(), home.error());
        assertTrue(home.output().contains(site + "/wp-content/"), "links do not use DOMAIN");
        HttpResponse<String> plain = Web.anonymous().get("http://" + NODE + ":" + HTTP_PORT + "/", "Host", domain);
        assertEquals(site + "/", plain.headers().firstValue("Location").orElse(""), "HTTP does not redirect to DOMAIN");
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return https.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static SSLContext trusting(Path pem) throws Exception {
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("wpstack-ca", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}

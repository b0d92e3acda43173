package io.wpstack.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.settings.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackVariablesTest {
    private static final List<SiteAddress.Node> NODES = List.of(new SiteAddress.Node("n1", "192.0.2.10", "manager"));
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z][A-Z0-9_]*)=(.*)");

    private static StackVariables.Images localImages(Map<String, String> process) {
        return new StackVariables.Images(process, "0.1.0", name -> "wpstack/" + name + ":id-0123456789ab");
    }

    private static Map<String, String> variables(Settings settings, String stack, Map<String, String> process) {
        SiteAddress site = SiteAddress.of(settings, process, "n1", NODES);
        return StackVariables.of(
                settings,
                site,
                stack,
                "c0ffee123456",
                io.wpstack.cli.backup.RepositoryCredentials.stackVariables(TestRepo.root(), ""),
                io.wpstack.cli.model.Stacks.wordpress(TestRepo.root()).builtImages(),
                localImages(process));
    }

    @Test
    void developmentOnOneNodeExportsTheSettingsTheSiteAndTheLocalImages() {
        Settings settings = TestRepo.settings("development", Map.of());

        Map<String, String> variables = variables(settings, "wpstack", Map.of());

        Map<String, String> computed = new LinkedHashMap<>(variables);
        computed.keySet().removeAll(settings.values().keySet());
        assertEquals(
                Map.ofEntries(
                        Map.entry("SITE_HOST_LIST", "192.0.2.10 manager localhost 127.0.0.1"),
                        Map.entry("SITE_URL_FIXED", ""),
                        Map.entry("SITE_SCHEME", "http"),
                        Map.entry("STACK", "wpstack"),
                        Map.entry("ENVIRONMENT", "development"),
                        Map.entry("DEPLOYED_VERSION", "0.1.0"),
                        Map.entry("SECRET_PREFIX", ""),
                        Map.entry("CADDYFILE_HASH", "c0ffee123456"),
                        Map.entry(
                                "BACKUP_CREDENTIALS_FILE",
                                TestRepo.root()
                                        .resolve("config/backup/no-credentials.env")
                                        .toString()),
                        Map.entry(
                                "BACKUP_CREDENTIALS_HASH",
                                io.wpstack.cli.backup.RepositoryCredentials.parse(
                                                "", TestRepo.read("config/backup/no-credentials.env"))
                                        .hash()),
                        Map.entry("WORDPRESS_IMAGE", "wpstack/wordpress:id-0123456789ab"),
                        Map.entry("MARIADB_IMAGE", "wpstack/mariadb:id-0123456789ab"),
                        Map.entry("ADMINER_IMAGE", "wpstack/adminer:id-0123456789ab"),
                        Map.entry("BACKUP_IMAGE", "wpstack/backup:id-0123456789ab"),
                        Map.entry("CADDY_IMAGE", "wpstack/caddy:id-0123456789ab")),
                computed);
        settings.values().forEach((name, value) -> assertEquals(value, variables.get(name), name));
        assertEquals("wpstack (development)", variables.get("SITE_TITLE"));
    }

    @Test
    void anotherStackFromARegistryWithOneImageSwappedIn() {
        Map<String, String> process = Map.of(
                "WPSTACK_REGISTRY", "registry.internal:5001",
                "WPSTACK_VERSION", "1.2.3",
                "WPSTACK_ADMINER_IMAGE", "adminer:5",
                "WPSTACK_DOMAIN", "blog.example");
        Settings settings = TestRepo.settings("production", process);

        Map<String, String> variables = variables(settings, "blog", process);

        assertEquals("blog", variables.get("STACK"));
        assertEquals("blog_", variables.get("SECRET_PREFIX"));
        assertEquals("registry.internal:5001/wpstack/wordpress:1.2.3", variables.get("WORDPRESS_IMAGE"));
        assertEquals("adminer:5", variables.get("ADMINER_IMAGE"));
        assertEquals("registry.internal:5001", variables.get("REGISTRY"));
        assertEquals("1.2.3", variables.get("VERSION"));
        assertEquals("https://blog.example", variables.get("SITE_URL_FIXED"));
        assertEquals("https", variables.get("SITE_SCHEME"));
    }

    @Test
    void aRegistryDeployDefaultsToThePomsVersion() {
        Map<String, String> process = Map.of("WPSTACK_REGISTRY", "r:5001", "WPSTACK_VERSION", "");

        Map<String, String> variables = variables(TestRepo.settings("development", process), "wpstack", process);

        assertEquals("r:5001/wpstack/caddy:0.1.0", variables.get("CADDY_IMAGE"));
        assertEquals("0.1.0", variables.get("VERSION"));
    }

    @Test
    void localImagesExportNoRegistry() {
        Map<String, String> variables = variables(TestRepo.settings("development", Map.of()), "wpstack", Map.of());

        assertFalse(variables.containsKey("REGISTRY"));
        assertFalse(variables.containsKey("VERSION"));
    }

    @Test
    void everyDefaultOfACopiedBaseEnvReachesTheExportedVariables(@TempDir Path root) throws IOException {
        Map<String, String> changed = new LinkedHashMap<>();
        StringBuilder base = new StringBuilder();
        for (String line : TestRepo.read(Catalog.BASE_ENV).split("\n", -1)) {
            Matcher matcher = ASSIGNMENT.matcher(line);
            if (matcher.matches()) {
                String value =
                        "changed-" + matcher.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
                changed.put(matcher.group(1), value);
                line = matcher.group(1) + "=" + value;
            }
            base.append(line).append('\n');
        }
        Files.createDirectories(root.resolve(Catalog.ENV_DIR));
        Files.writeString(root.resolve(Catalog.BASE_ENV), base);
        Files.writeString(root.resolve(Catalog.ENV_DIR + "/test.env"), "# changes nothing\n");
        Settings settings = Settings.load(Catalog.read(root), "up", "test", Map.of(), image -> true);

        Map<String, String> variables = variables(settings, "wpstack", Map.of());

        assertEquals(TestRepo.catalog().settings().keySet(), changed.keySet(), "every setting was changed");
        changed.forEach((name, value) -> assertEquals(value, variables.get(name), name));
        // What up computes from them follows too: DOMAIN turns TLS on, its URL takes HTTPS_PORT.
        assertEquals("https", variables.get("SITE_SCHEME"));
        assertEquals("https://changed-domain:changed-https-port", variables.get("SITE_URL_FIXED"));
        assertTrue(variables.get("SITE_HOST_LIST").endsWith(" changed-site-hosts"), variables.get("SITE_HOST_LIST"));
    }

    @Test
    void everyVariableTheWordpressComposeFilesReadIsExported() {
        Pattern reference = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)");
        Map<String, String> variables = variables(TestRepo.settings("production", Map.of()), "wpstack", Map.of());
        Set<String> missing = new TreeSet<>();
        for (String file : List.of("stacks/wordpress.yml", "stacks/wordpress-tls.yml")) {
            Matcher matcher = reference.matcher(TestRepo.read(file));
            while (matcher.find()) {
                if (!variables.containsKey(matcher.group(1))) {
                    missing.add(matcher.group(1));
                }
            }
        }
        assertEquals(Set.of(), missing);
    }

    @Test
    void theCaddyfileHashIsTheFirst12HexDigitsOfItsSha256() {
        // printf 'x' | sha256sum
        assertEquals("2d711642b726", StackVariables.caddyfileHash("x"));
        assertEquals(
                12,
                StackVariables.caddyfileHash(TestRepo.read("config/caddy/Caddyfile"))
                        .length());
    }
}

package io.wpstack.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.UsageException;
import io.wpstack.cli.settings.UnknownVariableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    private static Settings production(Map<String, String> process) {
        return TestRepo.settings("production", process);
    }

    /** Production's settings with NAME=VALUE for this run (WPSTACK_NAME). */
    private static Settings productionWith(String name, String value) {
        return production(Map.of("WPSTACK_" + name, value));
    }

    @Test
    void takesTheDefaultThenTheEnvironmentFileThenTheProcessEnvironment() {
        Settings settings = production(Map.of("WPSTACK_HTTP_PORT", "8080"));

        assertEquals("8888", settings.get("ADMINER_PORT"));
        assertEquals("stacks/env/base.env", settings.sources().get("ADMINER_PORT"));
        assertEquals("3", settings.get("WORDPRESS_REPLICAS"));
        assertEquals("stacks/env/production.env", settings.sources().get("WORDPRESS_REPLICAS"));
        assertEquals("8080", settings.get("HTTP_PORT"));
        assertEquals("WPSTACK_HTTP_PORT", settings.sources().get("HTTP_PORT"));
        assertEquals("production", settings.environment());
        assertEquals(TestRepo.catalog().settings().keySet(), settings.values().keySet());
    }

    @Test
    void anEmptyOverrideStillOverrides() {
        Settings settings = production(Map.of("WPSTACK_TLS", ""));

        assertEquals("", settings.get("TLS"));
        assertEquals("the environment variable WPSTACK_TLS", settings.source("TLS"));
    }

    @Test
    void theLastLineOfAnEnvironmentFileWins() {
        Settings settings = Settings.load(
                TestRepo.catalog("HTTP_PORT=80\n", "HTTP_PORT=81\nHTTP_PORT=82\n"), "up", "test", Map.of(), i -> true);

        assertEquals("82", settings.get("HTTP_PORT"));
    }

    @Test
    void sourceNamesTheFileAndTheOverrideOrTheVariable() {
        Settings settings = production(Map.of("WPSTACK_HTTP_PORT", "8080"));

        assertEquals("stacks/env/base.env (or WPSTACK_ADMINER_PORT for one run)", settings.source("ADMINER_PORT"));
        assertEquals(
                "stacks/env/production.env (or WPSTACK_WORDPRESS_REPLICAS for one run)",
                settings.source("WORDPRESS_REPLICAS"));
        assertEquals("the environment variable WPSTACK_HTTP_PORT", settings.source("HTTP_PORT"));
    }

    @Test
    void aBadValueIsFixedWhereItCameFrom() {
        Settings fromFile = Settings.load(
                TestRepo.catalog(TestRepo.read("stacks/env/base.env"), "HTTP_PORT=http\n"),
                "up",
                "test",
                Map.of(),
                i -> true);

        var error = assertThrows(InvalidSettingException.class, fromFile::check);
        assertEquals(
                "HTTP_PORT=http is not a port number (1-65535); fix it in stacks/env/test.env"
                        + " (or WPSTACK_HTTP_PORT for one run)",
                error.getMessage());
        assertEquals("HTTP_PORT", error.setting());
    }

    @Test
    void anUnknownEnvironmentIsAUsageErrorNamingTheOnesThereAre() {
        var error = assertThrows(UsageException.class, () -> TestRepo.settings("staging", Map.of()));

        assertEquals("unknown environment \"staging\"; choose one of: development production", error.getMessage());
        assertEquals("up", error.command());
    }

    @Test
    void aMistypedVariableNamesTheNearestSetting() {
        var error = assertThrows(UnknownVariableException.class, () -> production(Map.of("WPSTACK_HTTP_PROT", "1")));

        assertEquals(
                "WPSTACK_HTTP_PROT is not a wpstack setting (did you mean WPSTACK_HTTP_PORT?);"
                        + " ./wpstack help settings lists them",
                error.getMessage());
    }

    @Test
    void theShippedEnvironmentsPassTheChecks() {
        for (String environment : List.of("development", "production")) {
            Settings settings = TestRepo.settings(environment, Map.of());
            settings.check();
            settings.checkMonitoring(config -> config.equals("alertmanager.yml"));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            HTTP_PORT          | 0      | HTTP_PORT=0 is not a port number (1-65535); fix it in the environment variable WPSTACK_HTTP_PORT
            HTTP_PORT          | 65536  | HTTP_PORT=65536 is not a port number (1-65535); fix it in the environment variable WPSTACK_HTTP_PORT
            HTTP_PORT          | ''     | HTTP_PORT= is not a port number (1-65535); fix it in the environment variable WPSTACK_HTTP_PORT
            HTTP_PORT          | -1     | HTTP_PORT=-1 is not a port number (1-65535); fix it in the environment variable WPSTACK_HTTP_PORT
            ADMINER_PORT       | 8o88   | ADMINER_PORT=8o88 is not a port number (1-65535); fix it in the environment variable WPSTACK_ADMINER_PORT
            HTTPS_PORT         | 99999999999999999999 | HTTPS_PORT=99999999999999999999 is not a port number (1-65535); fix it in the environment variable WPSTACK_HTTPS_PORT
            ADMINER_PORT       | 80     | HTTP_PORT and ADMINER_PORT are both 80; give them different ports
            WORDPRESS_REPLICAS | three  | WORDPRESS_REPLICAS=three is not a number; fix it in the environment variable WPSTACK_WORDPRESS_REPLICAS
            WORDPRESS_REPLICAS | ''     | WORDPRESS_REPLICAS= is not a number; fix it in the environment variable WPSTACK_WORDPRESS_REPLICAS
            TLS                | acme   | TLS=acme is not supported; use TLS=internal (Caddy's local CA) or leave it empty
            DOMAIN             | a_b.com | DOMAIN=a_b.com is not a host name
            SITE_HOSTS         | ok.example bad/host | SITE_HOSTS: "bad/host" is not a host name or IPv4 address; fix it in the environment variable WPSTACK_SITE_HOSTS (names separated by spaces)
            MONITORING         | yes    | MONITORING=yes must be true or false; fix it in the environment variable WPSTACK_MONITORING
            CRON_INTERVAL      | 4      | CRON_INTERVAL=4 is not a number of seconds >= 5; fix it in the environment variable WPSTACK_CRON_INTERVAL
            CRON_INTERVAL      | 1m     | CRON_INTERVAL=1m is not a number of seconds >= 5; fix it in the environment variable WPSTACK_CRON_INTERVAL
            """)
    void eachCheckNamesTheValueAndTheFix(String name, String value, String message) {
        Settings settings = productionWith(name, value);

        var error = assertThrows(InvalidSettingException.class, settings::check);
        assertEquals(message, error.getMessage());
        assertEquals(name, error.setting());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            HTTP_PORT     | 1
            HTTP_PORT     | 65535
            TLS           | ''
            DOMAIN        | ''
            DOMAIN        | Example.COM
            SITE_HOSTS    | '  a.example   192.0.2.1 '
            MONITORING    | ''
            MONITORING    | false
            CRON_INTERVAL | 5
            CRON_INTERVAL | ''
            CRON_INTERVAL | 99999999999999999999
            WORDPRESS_REPLICAS | 0
            """)
    void acceptsWhatBashAccepts(String name, String value) {
        productionWith(name, value).check();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PROBE_URLS                 | https://ok.example/ ftp://x | PROBE_URLS: "ftp://x" is not an http(s) URL; fix it in the environment variable WPSTACK_PROBE_URLS (URLs separated by spaces)
            PROBE_URLS                 | http://a\\b               | PROBE_URLS: "http://a\\b" is not an http(s) URL; fix it in the environment variable WPSTACK_PROBE_URLS (URLs separated by spaces)
            PROBE_INSECURE_SKIP_VERIFY | 1                           | PROBE_INSECURE_SKIP_VERIFY=1 must be true or false; fix it in the environment variable WPSTACK_PROBE_INSECURE_SKIP_VERIFY
            ALERTMANAGER_CONFIG        | missing.yml                 | ALERTMANAGER_CONFIG=missing.yml is not a file of config/alertmanager/; fix it in the environment variable WPSTACK_ALERTMANAGER_CONFIG
            """)
    void eachMonitoringCheckNamesTheValueAndTheFix(String name, String value, String message) {
        Settings settings = productionWith(name, value);

        var error = assertThrows(
                InvalidSettingException.class, () -> settings.checkMonitoring(c -> c.equals("alertmanager.yml")));
        assertEquals(message, error.getMessage());
    }

    @Test
    void anEmptyAlertmanagerConfigMeansTheDefaultFile() {
        productionWith("ALERTMANAGER_CONFIG", "").checkMonitoring(c -> c.equals("alertmanager.yml"));
        productionWith("PROBE_URLS", "https://x.example/$a(b)?c=d&e=f").checkMonitoring(c -> true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "internal"})
    void tlsIsOnWithInternalOrADomain(String tls) {
        Map<String, String> process = new HashMap<>(Map.of("WPSTACK_TLS", tls, "WPSTACK_DOMAIN", ""));
        assertEquals(!tls.isEmpty(), production(process).tlsEnabled());
        process.put("WPSTACK_DOMAIN", "example.com");
        assertTrue(production(process).tlsEnabled());
    }
}

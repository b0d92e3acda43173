package io.wpstack.cli.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.WpstackException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private static final EnvFile BASE = EnvFile.parse("stacks/env/base.env", """
            # --- section ---
            # Host port of the site
            # over HTTP.
            HTTP_PORT=80

            TLS=
            """);

    @Test
    void meaningsAreTheCommentLinesAboveASetting() {
        var catalog = Catalog.of(BASE, Map.of());
        assertEquals(
                new Setting("HTTP_PORT", "80", "Host port of the site over HTTP."),
                catalog.settings().get("HTTP_PORT"));
        assertEquals("", catalog.settings().get("TLS").meaning());
    }

    @Test
    void anEnvironmentMayOnlySetDeclaredSettings() {
        var production = EnvFile.parse("stacks/env/production.env", "HTTP_PRT=8080\n");
        var e = assertThrows(WpstackException.class, () -> Catalog.of(BASE, Map.of("production", production)));
        assertEquals(
                "stacks/env/production.env: HTTP_PRT is not a setting; declare it, with its meaning and default, in"
                        + " stacks/env/base.env (did you mean HTTP_PORT?)",
                e.getMessage());
    }

    @Test
    void aSettingDeclaredTwiceIsAnError() {
        var twice = EnvFile.parse("base.env", "A=1\nA=2\n");
        assertThrows(WpstackException.class, () -> Catalog.of(twice, Map.of()));
    }

    @Test
    void aLineThatIsNoAssignmentNamesTheFile() {
        var e = assertThrows(WpstackException.class, () -> EnvFile.parse("x.env", "http_port 80\n"));
        assertEquals("x.env: cannot read the line \"http_port 80\"; write NAME=value", e.getMessage());
    }

    @Test
    void anUnknownVariableNamesTheNearestSetting() {
        var catalog = Catalog.of(BASE, Map.of());
        var e = assertThrows(
                UnknownVariableException.class,
                () -> catalog.checkVariables(Map.of("WPSTACK_HTTP_PROT", "8080"), image -> false));
        assertEquals(
                "WPSTACK_HTTP_PROT is not a wpstack setting (did you mean WPSTACK_HTTP_PORT?); ./wpstack help"
                        + " settings lists them",
                e.getMessage());
    }

    @Test
    void overridesOwnVariablesAndImagesAreKnown() {
        var catalog = Catalog.of(BASE, Map.of());
        catalog.checkVariables(
                Map.of(
                        "WPSTACK_HTTP_PORT",
                        "1",
                        "WPSTACK_STACK",
                        "x",
                        "WPSTACK_DOCKER_EXPORTER_IMAGE",
                        "i",
                        "PATH",
                        "/"),
                image -> image.equals("docker-exporter"));
    }

    @Test
    void theRepositorysFilesFormACatalog() {
        var catalog = Catalog.read(Path.of(".."));
        assertTrue(catalog.environments().keySet().containsAll(java.util.Set.of("development", "production")));
        assertEquals("internal", catalog.environmentValue("production", "TLS").orElseThrow());
        assertTrue(
                catalog.settings().values().stream().noneMatch(s -> s.meaning().isEmpty()),
                "every setting in base.env has a meaning");
    }
}

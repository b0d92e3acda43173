package io.wpstack.cli.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.settings.Catalog;
import io.wpstack.cli.settings.EnvFile;
import io.wpstack.cli.settings.Setting;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackVariablesCheckTest {
    static final Map<String, Setting> SETTINGS = Catalog.of(
                    EnvFile.parse("stacks/env/base.env", "HTTP_PORT=80\nWORDPRESS_REPLICAS=1\nDOMAIN=\n"), Map.of())
            .settings();

    @Test
    void settingsWithTheirDefaultsComputedVariablesAndImagesPass() {
        var findings = StackVariablesCheck.check(
                Map.of(
                        "stacks/wordpress.yml",
                        "ports: [\"${HTTP_PORT:-80}:80\"]\nreplicas: ${WORDPRESS_REPLICAS}\n"
                                + "image: ${WORDPRESS_IMAGE:-wpstack/wordpress:latest}\nname: ${STACK}\n"
                                + "hash: ${CADDYFILE_HASH:?set it}\nhost: ${DOMAIN:-}\n"),
                SETTINGS);
        assertEquals(new StackVariablesCheck.Findings(6, java.util.List.of()), findings);
    }

    @Test
    void anUndeclaredVariableIsAProblem() {
        var findings = StackVariablesCheck.check(
                Map.of("stacks/wordpress.yml", "limit: ${WORDPRESS_CPU_LIMIT:-1}\n"), SETTINGS);
        assertEquals(
                java.util.List.of("stacks/wordpress.yml reads ${WORDPRESS_CPU_LIMIT}, which is neither a setting of"
                        + " stacks/env/base.env nor computed by up (StackVariablesCheck.COMPUTED,"
                        + " cli/.../test/StackVariablesCheck.java); declare it"),
                findings.problems());
    }

    @Test
    void aDifferentDefaultIsAProblem() {
        var findings =
                StackVariablesCheck.check(Map.of("stacks/monitoring.yml", "port: ${HTTP_PORT:-8080}\n"), SETTINGS);
        assertEquals(
                java.util.List.of("stacks/monitoring.yml defaults HTTP_PORT to \"8080\", stacks/env/base.env to"
                        + " \"80\"; make them one"),
                findings.problems());
    }

    @Test
    void problemsFailTheStepAfterTheirWarnings() {
        var findings = new StackVariablesCheck.Findings(3, java.util.List.of("a", "b"));
        var failure = assertThrows(StaticCheckException.class, () -> StackVariablesCheck.plan(findings));
        assertEquals("2 compose variables are not declared once (above)", failure.getMessage());
        assertEquals(2, failure.findings().steps().size());
    }

    @Test
    void theRepositorysComposeFilesDeclareEveryVariableOnce() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        var findings = StackVariablesCheck.check(
                StackVariablesCheck.read(root), Catalog.read(root).settings());
        assertEquals(java.util.List.of(), findings.problems());
        assertTrue(findings.references() > 50, "references: " + findings.references());
    }
}

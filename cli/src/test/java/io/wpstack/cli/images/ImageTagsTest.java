package io.wpstack.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageTagsTest {
    static final String ID = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void theContentTagIsTheFirstTwelveHexDigitsOfTheImageId() {
        assertEquals("wpstack/mysqld-exporter:id-0123456789ab", ImageTags.contentTag("mysqld-exporter", ID));
        assertEquals(
                List.of(List.of("docker", "tag", "wpstack/caddy:latest", "wpstack/caddy:id-0123456789ab")),
                ImageTags.tagContent("caddy", ID).commands());
    }

    @Test
    void aRefIsTheOverrideElseTheRegistrysElseTheContentTag() {
        java.util.function.BiFunction<String, Map<String, String>, String> ref = (name, environment) ->
                new io.wpstack.cli.deploy.StackVariables.Images(environment, "0.1.0", n -> ImageTags.contentTag(n, ID))
                        .ref(name);
        assertEquals(
                "my/maria:11",
                ref.apply("mariadb", Map.of("WPSTACK_MARIADB_IMAGE", "my/maria:11", "WPSTACK_REGISTRY", "r:5")));
        assertEquals(
                "reg.internal:5001/wpstack/mysqld-exporter:0.1.0",
                ref.apply("mysqld-exporter", Map.of("WPSTACK_REGISTRY", "reg.internal:5001")));
        assertEquals(
                "r:5/wpstack/caddy:2.0",
                ref.apply("caddy", Map.of("WPSTACK_REGISTRY", "r:5", "WPSTACK_VERSION", "2.0")));
        assertEquals("wpstack/caddy:id-0123456789ab", ref.apply("caddy", Map.of()));
        assertEquals(
                "my/exporter:1",
                ref.apply("mysqld-exporter", Map.of("WPSTACK_MYSQLD_EXPORTER_IMAGE", "my/exporter:1")));
    }

    @Test
    void anOverrideOrARegistryMeansTheImageIsNotBuiltHere() {
        assertEquals("WPSTACK_GRAFANA_USERS_IMAGE", ImageTags.overrideVariable("grafana-users"));
        assertTrue(ImageTags.fromElsewhere("grafana-users", Map.of("WPSTACK_GRAFANA_USERS_IMAGE", "x")));
        assertTrue(ImageTags.fromElsewhere("caddy", Map.of("WPSTACK_REGISTRY", "r:5")));
        assertFalse(ImageTags.fromElsewhere("caddy", Map.of("WPSTACK_WORDPRESS_IMAGE", "x", "WPSTACK_REGISTRY", "")));
    }

    @Test
    void onlyContentTagsNoServiceRunsAreRemoved() {
        List<String> tags = List.of(
                "wpstack/caddy:latest",
                "wpstack/caddy:0.1.0",
                "wpstack/caddy:id-aaaaaaaaaaaa",
                "wpstack/caddy:id-bbbbbbbbbbbb",
                "wpstack/caddy:id-cccccccccccc");
        List<String> services = List.of(
                "wpstack/caddy:id-bbbbbbbbbbbb@sha256:feed",
                "wpstack/caddy:id-cccccccccccc",
                "wpstack/caddy:id-aaaaaaaaaaa");
        assertEquals(List.of("wpstack/caddy:id-aaaaaaaaaaaa"), ImageTags.unusedTags(tags, services));
        var removals = ImageTags.removeUnused(Path.of("/repo"), List.of("wpstack/caddy:id-aaaaaaaaaaaa"));
        assertEquals(1, removals.size());
        assertEquals(
                List.of("docker", "image", "rm", "wpstack/caddy:id-aaaaaaaaaaaa"),
                removals.getFirst().argv());
        assertEquals(null, removals.getFirst().failure());
        assertEquals(
                Path.of("/repo/.wpstack/logs/image-rm.log"), removals.getFirst().log());
    }
}

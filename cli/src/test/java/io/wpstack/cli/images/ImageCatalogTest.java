package io.wpstack.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.model.StackFile;
import io.wpstack.cli.model.Stacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCatalogTest {
    static final Path ROOT = Path.of("..");
    static final List<String> BUILT = List.of(
            "adminer",
            "alertmanager",
            "backup",
            "blackbox",
            "caddy",
            "docker-exporter",
            "grafana-users",
            "mariadb",
            "mysqld-exporter",
            "node-exporter",
            "prometheus",
            "registry",
            "wordpress");

    @Test
    void buildBuildsTheImagesBashHadBuildFunctionsForInNameOrder() {
        var catalog = ImageCatalog.read(ROOT);
        assertEquals(BUILT, catalog.names());
        for (String notBuilt : List.of("jdk", "java-runtime", "base", "swarm-node", "wrk", "common")) {
            assertTrue(catalog.find(notBuilt).isEmpty(), notBuilt);
        }
    }

    /**
     * Every folder under images/ with a Dockerfile is an image `build` builds, except the launcher's
     * and the tests' own (base, java-runtime, jdk, swarm-node, wrk); the catalog names no other.
     */
    @Test
    void theCatalogListsEveryImageFolderButTheLaunchersAndTheTests() throws IOException {
        java.util.Set<String> folders = new java.util.TreeSet<>();
        try (Stream<Path> dirs = Files.list(ROOT.resolve("images"))) {
            dirs.filter(d -> Files.exists(d.resolve("Dockerfile")))
                    .forEach(d -> folders.add(d.getFileName().toString()));
        }
        folders.removeAll(java.util.Set.of("base", "java-runtime", "jdk", "swarm-node", "wrk"));
        Map<String, String> java = new TreeMap<>();
        ImageCatalog.read(ROOT).images().forEach(image -> java.put(image.name(), image.context()));
        assertEquals(folders, java.keySet());
        assertEquals(".", java.get("docker-exporter"));
        assertEquals("images", java.get("caddy"));
        assertEquals("images/wordpress", java.get("wordpress"));
    }

    @Test
    void theWordpressStackRunsItsFourImagesOnceEachInFileOrder() {
        var catalog = ImageCatalog.read(ROOT);
        StackFile wordpress = Stacks.wordpress(ROOT);
        assertEquals(
                List.of("wordpress", "mariadb", "adminer", "backup", "caddy"),
                catalog.runBy(wordpress).stream().map(BuiltImage::name).toList());
        assertEquals(List.of("wordpress", "cron"), ImageCatalog.services(wordpress, "wordpress"));
    }

    @Test
    void everyImageAStackRunsIsDeclared() {
        var catalog = ImageCatalog.read(ROOT);
        for (String file : List.of(Stacks.WORDPRESS, Stacks.MONITORING, Stacks.REGISTRY)) {
            catalog.runBy(StackFile.read(ROOT, file));
        }
        assertEquals(
                List.of(
                        "prometheus",
                        "alertmanager",
                        "grafana-users",
                        "blackbox",
                        "mysqld-exporter",
                        "docker-exporter",
                        "node-exporter",
                        "caddy"),
                catalog.runBy(Stacks.monitoring(ROOT)).stream()
                        .map(BuiltImage::name)
                        .toList());
    }

    @Test
    void aStackImageMissingFromTheCatalogIsAnErrorNamingTheFile() {
        var catalog = ImageCatalog.parse("images:\n  wordpress: {}\n");
        var stack = new StackFile(
                "stacks/x.yml",
                List.of(new StackFile.Service("db", "${MARIADB_IMAGE:-wpstack/mariadb:latest}", List.of())),
                List.of(),
                List.of(),
                List.of());
        var e = assertThrows(WpstackException.class, () -> catalog.runBy(stack));
        assertEquals(
                "wpstack/mariadb is not one of the images in images/images.yml; add it there (images: mariadb: {}),"
                        + " with its build context if not images/mariadb",
                e.getMessage());
    }

    @Test
    void aListedImageWithoutDockerfileIsRefused(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("images/foo"));
        Files.writeString(root.resolve(ImageCatalog.FILE), "images:\n  foo:\n");
        var e = assertThrows(WpstackException.class, () -> ImageCatalog.read(root));
        assertEquals(
                "cannot build wpstack/foo: images/foo/Dockerfile does not exist; add it or remove foo from"
                        + " images/images.yml",
                e.getMessage());
        Files.writeString(root.resolve("images/foo/Dockerfile"), "FROM scratch\n");
        assertEquals(
                List.of(BuiltImage.inOwnFolder("foo")), ImageCatalog.read(root).images());
    }

    @Test
    void anUnknownKeyIsRefused() {
        var e = assertThrows(WpstackException.class, () -> ImageCatalog.parse("images:\n  foo:\n    contxt: images\n"));
        assertEquals(
                "images/images.yml: foo has the unknown key \"contxt\"; an image has only a context", e.getMessage());
    }
}

package io.wpstack.cli.deploy;

import io.wpstack.cli.settings.Catalog;
import io.wpstack.cli.settings.EnvFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The repository's stacks/env/ files, read once, and catalogs built from them or from copies. */
final class TestRepo {
    private TestRepo() {}

    /** The repository (the tests run in cli/). */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(Catalog.BASE_ENV))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + Catalog.BASE_ENV + " above " + here);
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's catalog (base.env, development.env, production.env). */
    static Catalog catalog() {
        return Catalog.read(root());
    }

    /** A catalog of base.env's text and one environment "test" that sets what TEST_ENV does. */
    static Catalog catalog(String baseText, String testEnvText) {
        return Catalog.of(
                EnvFile.parse(Catalog.BASE_ENV, baseText),
                Map.of("test", EnvFile.parse(Catalog.ENV_DIR + "/test.env", testEnvText)));
    }

    /** The repository's settings of ENV, with the process environment PROCESS. */
    static Settings settings(String environment, Map<String, String> process) {
        return Settings.load(catalog(), "up", environment, process, image -> true);
    }
}

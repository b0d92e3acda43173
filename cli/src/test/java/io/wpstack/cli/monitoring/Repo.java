package io.wpstack.cli.monitoring;

import io.wpstack.cli.deploy.Settings;
import io.wpstack.cli.settings.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The repository the tests run in, its settings, and the golden files of src/test/resources/monitoring/. */
final class Repo {
    private Repo() {}

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(Catalog.BASE_ENV))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + Catalog.BASE_ENV + " above " + here);
    }

    /** The repository's settings of ENVIRONMENT with the process environment PROCESS (WPSTACK_NAME overrides). */
    static Settings settings(String environment, Map<String, String> process) {
        return Settings.load(Catalog.read(root()), "up", environment, process, image -> true);
    }

    static String golden(String name) {
        try (var in = Repo.class.getResourceAsStream("/monitoring/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource monitoring/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

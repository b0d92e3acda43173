package io.wpstack.cli.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashTest {
    /** The paths export_monitoring_variables hashes, one hash each. */
    private static final Map<String, List<String>> HASHED = Map.of(
            "PROMETHEUS_CONFIG_HASH", List.of("config/prometheus/prometheus.yml", "config/prometheus/rules"),
            "ALERTMANAGER_CONFIG_HASH", List.of("config/alertmanager/alertmanager.yml"),
            "ALERTMANAGER_EMAIL", List.of("config/alertmanager/alertmanager-email.yml"),
            "BLACKBOX_CONFIG_HASH", List.of("config/blackbox"),
            "GRAFANA_CONFIG_HASH", List.of("config/grafana"),
            "CADDY_MONITORING_HASH", List.of("config/caddy/Caddyfile.monitoring"));

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Files whose order differs between byte order and a locale's, a name sha256sum escapes, a link find skips. */
    private static Path fixture(Path dir) throws IOException {
        write(dir.resolve("d/b.yml"), "b\n");
        write(dir.resolve("d/a-b.yml"), "ab-dash\n");
        write(dir.resolve("d/a_b.yml"), "ab_under\n");
        write(dir.resolve("d/A.yml"), "A\n");
        write(dir.resolve("d/sub/x.yml"), "x");
        write(dir.resolve("d/a\\b"), "back\n");
        write(dir.resolve("single.yml"), "one\n");
        Files.createSymbolicLink(dir.resolve("d/link.yml"), Path.of("../single.yml"));
        return dir;
    }

    @Test
    void hashesAFolderAsTheBashDidByteOrderEscapedNamesNoLinks(@TempDir Path dir) throws IOException {
        fixture(dir);

        // Both values from lib/monitoring.sh's monitoring_content_hash on the same files.
        assertEquals("1cb90e75525a", ContentHash.ofFiles(dir, "d", "single.yml"));
        assertEquals("755eb87868e6", ContentHash.ofFiles(dir, "single.yml"));
        assertEquals("""
                06f961b802bc46ee168555f066d28f4f0e9afdf3f88174c1ee6f9de004fc30a0  d/A.yml
                a0c004534eaf465a370550baffaa5b0cbc6dc213c13b6d13d8a4e183ab27379c  d/a-b.yml
                \\2ec0cfe9c0f501021df290b9dbfdba6466bd5f8136d601b302705b87a74ada83  d/a\\\\b
                bf20c723102a3ee96903d28cb7c091eb47c60536c1a743f2dd5f5d39489e8756  d/a_b.yml
                0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f  d/b.yml
                2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881  d/sub/x.yml
                """, ContentHash.listing(dir, "d"));
    }

    @Test
    void aMissingPathIsAnErrorNamingIt(@TempDir Path dir) {
        var error = assertThrows(WpstackException.class, () -> ContentHash.ofFiles(dir, "config/blackbox"));
        assertEquals(
                "cannot hash config/blackbox: no such file or folder in " + dir
                        + "; restore it (git checkout -- config/blackbox)",
                error.getMessage());
    }

    @Test
    void theValueOfAStringIsThatOfPrintfIntoSha256sum() {
        assertEquals("e3b0c44298fc", ContentHash.of(""));
        assertEquals("cf0a8ed2e265", ContentHash.of(MonitoringDeploy.NO_WEBHOOK_URL + "\n"));
    }

    /** The repository's own configs, against the bash function itself (needs bash and coreutils, not Docker). */
    @Test
    void theRepositorysConfigsHashAsMonitoringContentHashDoes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash here");
        Path root = Repo.root();
        for (var entry : HASHED.entrySet()) {
            String[] paths = entry.getValue().toArray(String[]::new);
            assertEquals(bashHash(root, paths), ContentHash.ofFiles(root, paths), entry.getKey());
        }
    }

    @Test
    void theBashCrossCheckSeesTheFixtureAsTheGoldenValueDoes(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash here");
        fixture(dir);
        assertEquals("1cb90e75525a", bashHash(dir, "d", "single.yml"));
    }

    /**
     * The bash version's monitoring_content_hash PATHS (its one pipeline, kept here now that
     * lib/monitoring.sh is gone), in ROOT, in the C locale: the config names a bash-made deployment
     * has must stay the names the Java CLI computes.
     */
    private static String bashHash(Path root, String... paths) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(
                "/bin/bash",
                "-c",
                "set -euo pipefail; (cd \"${WPSTACK_ROOT}\" && find \"$@\" -type f -print0 | sort -z | xargs -0"
                        + " sha256sum) | sha256sum | cut -c 1-12",
                "bash"));
        argv.addAll(List.of(paths));
        var builder = new ProcessBuilder(argv);
        builder.environment().put("WPSTACK_ROOT", root.toString());
        builder.environment().put("LC_ALL", "C");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), "bash exit code");
        return out;
    }
}

package io.wpstack.exporter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wpstack.exporter.docker.SwarmJson;
import io.wpstack.exporter.swarm.SwarmState;
import io.wpstack.exporter.swarm.TaskFailures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each folder under src/test/resources/cases holds the Engine API's answers captured from a real
 * daemon (scripts/capture-case.sh) and the exposition text they must produce, compared as is, line
 * for line in order, so the order of families and of their series, and each family's HELP and TYPE
 * before its samples, are checked too. Regenerate with -Dgolden.update=true and review the diff.
 */
class GoldenCasesTest {
    private static final Path CASES = Path.of("src/test/resources/cases");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void capturedApiStateRendersTheExpectedExposition(String name) throws IOException {
        Path dir = CASES.resolve(name);
        SwarmState state = read(dir);
        String actual = render(state);
        Path expectedFile = dir.resolve("expected.prom");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expectedFile, actual);
        }
        assertEquals(
                Files.readString(expectedFile), actual, "case " + name + " (regenerate with -Dgolden.update=true)");
    }

    static SwarmState read(Path dir) throws IOException {
        try (InputStream services = Files.newInputStream(dir.resolve("services.json"));
                InputStream nodes = Files.newInputStream(dir.resolve("nodes.json"));
                InputStream tasks = Files.newInputStream(dir.resolve("tasks.json"))) {
            return new SwarmState(SwarmJson.services(services), SwarmJson.nodes(nodes), SwarmJson.tasks(tasks));
        }
    }

    static String render(SwarmState state) {
        return new String(
                Exposition.write(
                        SwarmMetrics.families(state, new TaskFailures().observe(state), true), Exposition.Format.TEXT),
                StandardCharsets.UTF_8);
    }
}

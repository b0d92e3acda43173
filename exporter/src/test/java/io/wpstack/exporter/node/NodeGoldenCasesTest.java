package io.wpstack.exporter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wpstack.exporter.metrics.Exposition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node mode's whole output over a fixture node, compared in order with expected.prom: v1 is a capture
 * of this repository's CI host (a hybrid host whose dockerd uses cgroup v1; one blkio file given a device by
 * hand, its capture having none), v2 the same containers on a hand-written v2 tree (one container under the
 * systemd driver's system.slice, one without a memory limit, one with OOM kills, one throttled, an extra
 * interface). Regenerate with -Dnode.golden.update=true and review the diff.
 */
class NodeGoldenCasesTest {
    static final Path CASES = NodeFixtures.CASES;

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void exposesEveryTaskContainerOfTheFixtureNodeInOrder(String name) throws IOException {
        Path dir = CASES.resolve(name);
        String actual = new String(
                Exposition.write(ContainerFamilies.families(NodeFixtures.scrape(name)), Exposition.Format.TEXT),
                StandardCharsets.UTF_8);
        Path expected = dir.resolve("expected.prom");
        if (Boolean.getBoolean("node.golden.update")) {
            Files.writeString(expected, actual);
        }
        assertEquals(Files.readString(expected), actual);
    }
}

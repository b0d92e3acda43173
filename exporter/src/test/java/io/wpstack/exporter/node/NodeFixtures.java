package io.wpstack.exporter.node;

import io.wpstack.exporter.collect.Log;
import io.wpstack.exporter.docker.ApiRequestCounter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The fixture nodes of src/test/resources/node: a scrape of one, for the golden and the doc tests. */
public final class NodeFixtures {
    public static final Path CASES = Path.of("src/test/resources/node");

    private NodeFixtures() {}

    /** One scrape of fixture node NAME (v1, v2), as node-1. */
    public static NodeSnapshot scrape(String name) throws IOException {
        Path dir = CASES.resolve(name);
        ApiRequestCounter requests = new ApiRequestCounter();
        return collector(dir, new FixtureApi(dir, requests), requests).scrape();
    }

    static NodeCollector collector(Path dir, NodeApi api, ApiRequestCounter requests) {
        return new NodeCollector(
                api,
                CgroupReader.at(dir.resolve("cgroup")),
                new ProcNet(dir.resolve("proc")),
                requests,
                "node-1",
                Duration.ofSeconds(5),
                () -> 0L,
                new Log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }
}

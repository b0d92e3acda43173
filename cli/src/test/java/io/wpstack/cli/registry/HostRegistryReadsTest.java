package io.wpstack.cli.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.Context;
import io.wpstack.cli.docker.EngineReads;
import io.wpstack.cli.docker.FakeEngineApi;
import io.wpstack.engine.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's engine reads, on the hand-written three-node case of EngineReadsEdgeTest. */
class HostRegistryReadsTest {
    private static final Path CASE = Path.of("src/test/resources/engine/edge");

    private FakeEngineApi api;

    @BeforeEach
    void load() {
        api = FakeEngineApi.captured(CASE);
    }

    private HostRegistryReads reads(Map<String, String> environment) {
        var context =
                new Context(Path.of("."), environment, new PrintStream(PrintStream.nullOutputStream()), System.err);
        return new HostRegistryReads(
                context, new EngineReads(api, Clock.fixed(Instant.parse("2026-12-02T10:00:30Z"), ZoneOffset.UTC)));
    }

    private static String api(String file) throws IOException {
        return Files.readString(CASE.resolve("api").resolve(file));
    }

    @Test
    void theRegistrysNodeRunsTheFirstRunningTaskWithTheServicesSpec() throws IOException {
        Json running = Json.parse(api("tasks-web-running.json"));
        String staleFirst =
                running.toString().replaceFirst("\"SecretName\":\"edge_pass_v2\"", "\"SecretName\":\"edge_pass_v1\"");
        api.answer("/tasks?filters={\"service\":[\"edge_web\"],\"desired-state\":[\"running\"]}", staleFirst)
                .answer("/nodes/n10bbbbbbbbbbbbbbbbbbbbbb", api("node-10.json"));

        assertEquals(Optional.of("node-10"), reads(Map.of()).runningTaskNode("edge_web"));
    }

    @Test
    void withTheSpecItsNodeIsTheNewestRunningTasksOneAndNoServiceHasNone() {
        api.missing("/services/edge_nope");

        assertEquals(Optional.of("node-2"), reads(Map.of()).runningTaskNode("edge_web"));
        assertEquals(Optional.empty(), reads(Map.of()).runningTaskNode("edge_nope"));
    }

    @Test
    void nodeAddressesAndLabelsAreNodeLs() {
        api.answer("/nodes?filters={\"node.label\":[\"wpstack.registry=true\"]}", "[]");

        assertEquals(
                List.of("10.0.0.1", "10.0.0.2", "10.0.0.10"), reads(Map.of()).nodeAddresses());
        assertFalse(reads(Map.of()).labelledRegistryNode());
        assertEquals(Optional.of("10.0.0.10"), reads(Map.of()).nodeAddress("node-10"));
    }

    @Test
    void aVolumeIsInUseWhileAContainerMountsIt() {
        api.answer(
                        "/containers/json?all=1&filters={\"volume\":[\"edge_data\"]}",
                        "[{\"Id\":\"abc\",\"Names\":[\"/x\"]}]")
                .answer("/containers/json?all=1&filters={\"volume\":[\"free\"]}", "[]");

        assertTrue(reads(Map.of()).volumeInUse("edge_data"));
        assertFalse(reads(Map.of()).volumeInUse("free"));
    }

    @Test
    void aPortsHolderIsTheContainerPublishingItAndItsService() {
        assertEquals(
                "edge_web.1.tweb1new0000000000000000a (service edge_web)",
                reads(Map.of()).portHolder(8080));
    }

    @Test
    void theEnginesNodeNameOnlyForALocalEngine() {
        assertEquals("node-1", reads(Map.of()).thisNodeName());
        assertEquals("", reads(Map.of("DOCKER_HOST", "tcp://10.0.0.1:2375")).thisNodeName());
    }
}

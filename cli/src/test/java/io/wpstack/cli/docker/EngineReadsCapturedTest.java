package io.wpstack.cli.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wpstack.engine.Filters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine reads against what a real daemon answered and what the docker CLI printed at the same moment
 * (scripts/capture-engine-reads.sh single-node wpstack, on Engine 20.10 with docker CLI 28: one node, the
 * wordpress stack deployed): each read must give what the CLI command it replaces gave.
 */
class EngineReadsCapturedTest {
    private static final Path CAPTURE = Path.of("src/test/resources/engine/single-node");

    private FakeEngineApi api;
    private EngineReads engine;
    private String stack;

    @BeforeEach
    void load() throws IOException {
        api = FakeEngineApi.captured(CAPTURE);
        Instant capturedAt =
                Instant.parse(Files.readString(CAPTURE.resolve("clock.txt")).strip());
        engine = new EngineReads(api, Clock.fixed(capturedAt, ZoneOffset.UTC));
        stack = Files.readString(CAPTURE.resolve("stack.txt")).strip();
    }

    private static List<String> printed(String file) throws IOException {
        return Files.readAllLines(CAPTURE.resolve("cli").resolve(file)).stream()
                .filter(line -> !line.isBlank())
                .toList();
    }

    private EngineDockerReads docker() {
        return new EngineDockerReads(engine, new DockerCli(Map.of()));
    }

    @Test
    void stackPsLinesAreTheCliNamesStatesAndErrors() throws IOException {
        assertEquals(
                printed("stack-ps.txt").stream().map(String::stripTrailing).toList(),
                engine.stackTasks(stack, true).stream()
                        .map(task -> (task.name() + "\t" + task.currentState() + "\t" + task.error()).stripTrailing())
                        .toList());
    }

    @Test
    void servicePsOfTheRunningTasksNamesTheirNodes() throws IOException {
        assertEquals(
                printed("service-ps-wordpress-running.txt"),
                engine.serviceTasks(stack + "_wordpress", Filters.of("desired-state", "running"), true).stream()
                        .map(task -> task.name() + " on " + task.node() + ", " + task.currentState())
                        .toList());
        assertEquals(List.of("vm"), docker().serviceNodes(stack + "_wordpress"));
    }

    @Test
    void nodesSecretsConfigsAndServiceImagesAreTheCliLists() throws IOException {
        assertEquals(
                printed("node-ls-q.txt"),
                docker().nodes().stream().map(DockerReads.NodeRow::id).toList());
        assertEquals(printed("secret-ls.txt"), engine.secretNames(Filters.none()));
        assertEquals(
                printed("config-ls-stack.txt"),
                engine.configNames(Filters.of("label", "com.docker.stack.namespace=" + stack)));
        assertEquals(printed("service-ls-image.txt"), engine.serviceImages());
    }

    @Test
    void containersAreDockerPsShortIds() throws IOException {
        assertEquals(
                printed("ps-aq-stack.txt"),
                engine.containers(true, Filters.of("label", "com.docker.stack.namespace=" + stack)).stream()
                        .map(ContainerSummary::shortId)
                        .toList());
        assertEquals(printed("ps-aq-stack.txt").size() + 1, docker().stackLeftovers(stack));
        assertEquals(printed("ps-wordpress.txt").stream().findFirst(), docker().localContainer(stack + "_wordpress"));
    }

    @Test
    void imagesAreDockerImageLsRowsAndSizes() throws IOException {
        var images = new io.wpstack.cli.images.EngineImageReads(engine, Map.of());

        assertEquals(printed("image-ls-wordpress.txt"), images.tags("wpstack/wordpress"));
        assertEquals(printed("image-ls-size-wordpress.txt").getFirst(), images.imageSize("wpstack/wordpress"));
        assertEquals(printed("image-inspect-id.txt").stream().findFirst(), images.imageId("wpstack/wordpress:latest"));
    }

    @Test
    void infoAndVersionAreWhatDockerInfoAndVersionShow() {
        EngineInfo info = engine.info();

        assertEquals(new EngineInfo("vm", "active", "j0ruqnhfv9m2p1ookwa7w8a1j", "192.0.2.2", true), info);
        assertEquals("20.10.24+dfsg1 (API 1.41)", engine.version().orElseThrow());
        assertEquals(
                new DockerReads.NodeRow(
                        "j0ruqnhfv9m2p1ookwa7w8a1j",
                        "vm",
                        "manager",
                        "ready",
                        "active",
                        "leader",
                        "192.0.2.2",
                        "20.10.24+dfsg1",
                        List.of("wpstack.data=true")),
                docker().nodes().getFirst());
    }

    @Test
    void taskErrorsOfAHealthyStackAreNone() {
        assertEquals(List.of(), new ExporterSwarmStatus(Map.of(), engine).taskErrors(stack));
    }
}

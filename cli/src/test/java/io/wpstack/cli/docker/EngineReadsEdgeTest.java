package io.wpstack.cli.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.WpstackException;
import io.wpstack.engine.DockerException;
import io.wpstack.engine.Filters;
import java.io.IOException;
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

/**
 * The engine reads on the cases a small single-node swarm does not show: three nodes (a leader, a reachable
 * manager, a drained worker with a Spec.Name), a slot's history, slots 1, 2 and 10, a global service, a task
 * never placed, one of a removed service on a removed node, long and non-ASCII errors, digest-pinned images,
 * digest-only and dangling images, sizes at go-units' edges, linked container names. The API answers are
 * written by hand in the Engine API 1.41 shapes; each cli/*.txt is what the docker CLI 28 printed with
 * DOCKER_HOST on a stub daemon serving exactly those answers (timestamps shifted to its clock), so every
 * expectation is the CLI's, not ours.
 */
class EngineReadsEdgeTest {
    private static final Path CASE = Path.of("src/test/resources/engine/edge");

    private FakeEngineApi api;
    private EngineReads engine;

    @BeforeEach
    void load() throws IOException {
        api = FakeEngineApi.captured(CASE)
                .missing("/services/edge_nope")
                .missing("/nodes/nope")
                .missing("/volumes/nope")
                .missing("/secrets/nope");
        engine = new EngineReads(api, Clock.fixed(Instant.parse("2026-12-02T10:00:30Z"), ZoneOffset.UTC));
    }

    private static List<String> printed(String file) throws IOException {
        return Files.readAllLines(CASE.resolve("cli").resolve(file));
    }

    private EngineDockerReads docker() {
        return new EngineDockerReads(engine, new DockerCli(Map.of()));
    }

    @Test
    void stackPsNamesSortsAgesAndCutsAsTheCli() throws IOException {
        assertEquals(
                printed("stack-ps.txt"),
                engine.stackTasks("edge", true).stream()
                        .map(task ->
                                task.name() + "\t" + task.node() + "\t" + task.currentState() + "\t" + task.error())
                        .toList());
        assertEquals(
                printed("stack-ps-no-trunc.txt"),
                engine.stackTasks("edge", false).stream()
                        .map(task -> task.name() + "\t" + task.error())
                        .toList());
    }

    @Test
    void taskErrorsAreTheNewestTaskOfEachSlotThatHasOne() {
        assertEquals(
                List.of(
                        "task error: edge_web.10 (Rejected about an hour ago): \"No such image: wpstack/caddy:…\"",
                        "task error: sgone0000000000000000000d.1 (Complete 4 weeks ago): \"échec: 你好世界 and then a lo…\""),
                new ExporterSwarmStatus(Map.of(), engine).taskErrors("edge"));
    }

    @Test
    void servicePsInBothFormsTheRegistryPrints() throws IOException {
        assertEquals(
                printed("service-ps-web-running.txt"),
                engine.serviceTasks("edge_web", Filters.of("desired-state", "running"), true).stream()
                        .map(task -> task.name() + " on " + task.node() + ", " + task.currentState())
                        .toList());
        assertEquals(
                printed("service-ps-web-all.txt"),
                engine.serviceTasks("edge_web", Filters.none(), false).stream()
                        .map(task -> task.name() + " " + task.node() + " " + task.currentState() + " " + task.error())
                        .toList());
        assertEquals(
                printed("service-ps-web-nodes.txt").stream()
                        .filter(node -> !node.isBlank())
                        .distinct()
                        .sorted()
                        .toList(),
                docker().serviceNodes("edge_web"));
        assertEquals(
                printed("service-ps-q-web-running.txt"),
                engine.orderedTasks(Filters.of("service", "edge_web").and("desired-state", "running")).stream()
                        .map(SwarmTask::id)
                        .toList());
    }

    @Test
    void nodeRowsAreNodeLsOrderAndTheNodeInspectTemplate() throws IOException {
        assertEquals(
                printed("node-rows.txt").stream().map(String::stripTrailing).toList(),
                docker().nodes().stream()
                        .map(node -> String.join(
                                        "\t",
                                        node.id(),
                                        node.hostname(),
                                        node.role(),
                                        node.state(),
                                        node.availability(),
                                        node.manager(),
                                        node.address(),
                                        node.engine(),
                                        String.join(" ", node.labels()))
                                .stripTrailing())
                        .toList());
        assertEquals(Optional.of("n2aaaaaaaaaaaaaaaaaaaaaaa"), docker().node("n2aaaaaaaaaaaaaaaaaaaaaaa"));
        assertEquals(
                Optional.of("n1cccccccccccccccccccccccc"), engine.node("self").map(SwarmNode::id));
        assertEquals(Optional.empty(), docker().node("nope"));
    }

    @Test
    void listsAreInTheCliNaturalOrder() throws IOException {
        assertEquals(printed("secret-ls.txt"), engine.secretNames(Filters.none()));
        assertEquals(printed("config-ls.txt"), engine.configNames(Filters.none()));
        assertEquals(printed("service-ls-image.txt"), engine.serviceImages());
    }

    @Test
    void imageRowsAndSizesAreDockerImageLs() throws IOException {
        assertEquals(
                printed("image-ls.txt"),
                engine.images(Filters.none()).stream()
                        .flatMap(image -> image.rows().stream().map(row -> row + " " + image.shownSize()))
                        .toList());
    }

    @Test
    void containersAreDockerPsIdsNamesAndLabels() throws IOException {
        assertEquals(
                printed("ps-a.txt"),
                engine.containers(true, Filters.none()).stream()
                        .map(container -> container.shortId() + "|" + container.shownName() + "|"
                                + container.label("com.docker.swarm.service.name"))
                        .toList());
        assertEquals(
                Optional.of(List.of("edge_web.1.tweb1new0000000000000000a", "edge_web")), docker().portPublisher(8080));
    }

    @Test
    void infoAndVersionAreDockerInfoAndVersion() throws IOException {
        EngineInfo info = engine.info();

        assertEquals(
                printed("info.txt").getFirst(),
                info.name() + " " + info.localNodeState() + " " + info.nodeId() + " " + info.nodeAddr() + " "
                        + info.controlAvailable());
        assertEquals(printed("version.txt").getFirst(), engine.version().orElseThrow());
    }

    @Test
    void aSecretsLabelsAreItsSpecLabels() {
        api.answer(
                "/secrets/edge_pass_v2",
                "{\"ID\":\"s01\",\"Spec\":{\"Name\":\"edge_pass_v2\","
                        + "\"Labels\":{\"io.wpstack.stack\":\"edge\",\"io.wpstack.hash\":\"ab12\"}}}");

        assertEquals(
                Map.of("io.wpstack.stack", "edge", "io.wpstack.hash", "ab12"), engine.secretLabels("edge_pass_v2"));
        assertTrue(engine.secretExists("edge_pass_v2"));
    }

    @Test
    void whatDoesNotExistIsNoFailure() {
        assertEquals(Optional.empty(), engine.service("edge_nope"));
        assertFalse(engine.volumeExists("nope"));
        assertTrue(engine.volumeExists("edge_data"));
        assertFalse(engine.strict().secretExists("nope"));
        assertEquals(Map.of(), engine.secretLabels("nope"));
    }

    @Test
    void aFailingEngineReadsAsNothingUnlessStrictWhichSaysWhatToDo() {
        api.fail(
                        "/nodes",
                        new DockerException.NotManager(
                                api.endpoint(), "This node is not a swarm manager. Worker nodes can't be used"))
                .fail("/info", new DockerException.Unreachable(api.endpoint(), new IOException("Connection refused")));

        assertEquals(List.of(), engine.nodes(Filters.none()));
        assertEquals("", engine.info().localNodeState());
        assertFalse(docker().swarmManager());
        WpstackException notManager = assertThrows(WpstackException.class, () -> docker().nodes());
        assertEquals(
                "the Docker engine at unix:///var/run/docker.sock is not a swarm manager (This node is not a swarm"
                        + " manager. Worker nodes can't be used); run ./wpstack on a manager of the swarm",
                notManager.getMessage());
        WpstackException down = assertThrows(WpstackException.class, () -> docker().swarmState());
        assertEquals(
                "cannot reach the Docker engine at unix:///var/run/docker.sock (Connection refused); is the Docker"
                        + " engine running? (./wpstack starts it) Is DOCKER_HOST right?",
                down.getMessage());
    }

    @Test
    void aSocketThisUserMayNotOpenSaysSoAndTheFix() {
        api.fail(
                "/info",
                new DockerException.Unreachable(api.endpoint(), new java.net.SocketException("Permission denied")));

        assertEquals(
                "this user may not open the Docker engine's socket at unix:///var/run/docker.sock (Permission denied);"
                        + " run ./wpstack as root, or as a member of the socket's group (docker)",
                assertThrows(WpstackException.class, () -> docker().swarmState())
                        .getMessage());
    }

    @Test
    void aStackWithoutTasksFailsStackPsAsTheCliDoes() {
        api.answer("/tasks?filters={\"label\":[\"com.docker.stack.namespace=empty\"]}", "[]");

        assertEquals(List.of(), engine.stackTasks("empty", true));
        assertEquals(
                "docker stack ps empty failed: nothing found in stack: empty",
                assertThrows(WpstackException.class, () -> new ExporterSwarmStatus(Map.of(), engine)
                                .taskErrors("empty"))
                        .getMessage());
    }
}

package io.wpstack.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EngineClientTest {
    @TempDir
    Path dir;

    private FakeDaemon daemon;
    private final List<String> finished = new CopyOnWriteArrayList<>();
    private EngineClient client;

    @BeforeEach
    void start() throws Exception {
        Path socket = dir.resolve("docker.sock");
        daemon = FakeDaemon.onUnixSocket(socket);
        client = new EngineClient(
                new DockerHost.Unix(socket),
                "test/1",
                Duration.ofSeconds(5),
                (endpoint, result) -> finished.add(endpoint + " " + result));
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    @Test
    void getsThePathUnderTheVersionPrefixAsATree() throws DockerException {
        daemon.answer("/v1.41/info", 200, "{\"Name\": \"vm\", \"Swarm\": {\"LocalNodeState\": \"active\"}}");

        Json info = client.get("/info");

        assertEquals("active", info.string("Swarm", "LocalNodeState"));
        assertEquals(List.of("GET /v1.41/info HTTP/1.1"), daemon.requests());
        assertEquals(List.of("info success"), finished);
    }

    @Test
    void aDaemonThatRefuses141AsTooOldIsSpokenToInItsMinimumVersionFromThenOn() throws DockerException {
        daemon.answer(
                        "/v1.41/info",
                        400,
                        "{\"message\":\"client version 1.41 is too old. Minimum supported API version is 1.44,"
                                + " please upgrade your client to a newer version\"}")
                .answer("/v1.44/info", 200, "{\"Name\": \"vm\"}")
                .answer("/v1.44/nodes", 200, "[]");

        assertEquals("vm", client.get("/info").string("Name"));
        client.get("/nodes");

        assertEquals(
                List.of("GET /v1.41/info HTTP/1.1", "GET /v1.44/info HTTP/1.1", "GET /v1.44/nodes HTTP/1.1"),
                daemon.requests());
    }

    @Test
    void aMissingObjectIsNotFoundOrEmpty() throws DockerException {
        daemon.answer("/v1.41/volumes/nope", 404, "{\"message\":\"get nope: no such volume\"}\n");

        DockerException.NotFound e = assertThrows(DockerException.NotFound.class, () -> client.get("/volumes/nope"));
        assertTrue(e.getMessage().contains("get nope: no such volume"), e.getMessage());
        assertEquals(Optional.empty(), client.find("/volumes/nope"));
        assertEquals(List.of("volumes error", "volumes error"), finished);
    }

    @Test
    void daemonErrorsAreTheKindsAnOperatorCanActOn() {
        daemon.answer(
                        "/v1.41/nodes",
                        503,
                        "{\"message\":\"This node is not a swarm manager. Use \\\"docker swarm init\\\"\"}")
                .answer("/v1.41/tasks", 400, "{\"message\":\"client version 1.41 is too new. Maximum is 1.40\"}")
                .answer("/v1.41/services", 500, "plain text, not JSON")
                .answer("/v1.41/configs", 200, "not JSON");

        assertInstanceOf(DockerException.NotManager.class, failure("/nodes"));
        assertInstanceOf(DockerException.ApiTooOld.class, failure("/tasks"));
        DockerException other = failure("/services");
        assertInstanceOf(DockerException.ApiError.class, other);
        assertTrue(other.getMessage().contains("HTTP 500: plain text, not JSON"), other.getMessage());
        assertInstanceOf(DockerException.Malformed.class, failure("/configs"));
    }

    @Test
    @Timeout(10)
    void aSilentDaemonTimesOutAndTheConnectionIsClosed() {
        long start = System.nanoTime();

        DockerException e = assertThrows(
                DockerException.class, () -> client.get("silent", "/silent", Json::parse, Duration.ofMillis(300)));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertInstanceOf(DockerException.Timeout.class, e);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "gave up after " + took);
        assertEquals(List.of("silent error"), finished);
    }

    @Test
    void nothingListeningIsUnreachable() throws Exception {
        var nowhere = new EngineClient(
                new DockerHost.Unix(dir.resolve("none.sock")), "test/1", Duration.ofSeconds(5), RequestListener.NONE);

        DockerException e = assertThrows(DockerException.class, () -> nowhere.get("/info"));

        assertInstanceOf(DockerException.Unreachable.class, e);
        assertTrue(e.getMessage().contains("unix://" + dir.resolve("none.sock")), e.getMessage());
    }

    @Test
    void bigArraysStreamThroughAReader() throws DockerException {
        daemon.answer("/v1.41/tasks", 200, "[{\"ID\":\"t1\",\"Spec\":{\"huge\":[1,2,3]}},{\"ID\":\"t2\"}]");

        List<String> ids = client.get(
                "tasks",
                "/tasks",
                body -> JsonArrays.read(body, Set.of("ID"), task -> task.string("ID") + task.string("Spec")),
                Duration.ofSeconds(5));

        assertEquals(List.of("t1", "t2"), ids);
    }

    @Test
    void plainTcpReachesADaemonByHostAndPort() throws Exception {
        try (FakeDaemon tcp = FakeDaemon.onLoopback()) {
            tcp.answer("/v1.41/nodes", 200, "[]");
            var overTcp = EngineClient.fromEnvironment(
                    java.util.Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + tcp.port()), "test/1");

            assertEquals(Json.parse("[]"), overTcp.get("/nodes"));
            assertEquals("tcp://127.0.0.1:" + tcp.port(), overTcp.endpoint());
        }
    }

    @Test
    void requestsAreNamedByTheirPathsFirstSegment() {
        assertEquals("images", EngineClient.name("/images/wpstack/caddy:1/json"));
        assertEquals("tasks", EngineClient.name("/tasks?filters=x"));
        assertEquals("info", EngineClient.name("/info"));
    }

    private DockerException failure(String path) {
        return assertThrows(DockerException.class, () -> client.get(path));
    }
}

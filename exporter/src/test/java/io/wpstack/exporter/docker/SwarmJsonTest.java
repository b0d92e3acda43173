package io.wpstack.exporter.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wpstack.exporter.swarm.ServiceMode;
import io.wpstack.exporter.swarm.TaskState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SwarmJsonTest {
    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"message\":\"page not found\"}", "[{\"ID\":", "[1, 2]", "<html>", "[{\"ID\":\"x\"}"})
    void malformedAnswersAreErrorsNotCrashes(String body) {
        assertThrows(IOException.class, () -> SwarmJson.tasks(json(body)));
    }

    @Test
    void absentAndNullFieldsReadAsDefaults() throws IOException {
        var task = SwarmJson.tasks(json("[{\"ID\":\"t1\",\"NodeID\":null,\"Status\":{}}]"))
                .getFirst();
        assertEquals("", task.nodeId());
        assertEquals(0, task.slot());
        assertEquals(TaskState.UNKNOWN, task.state());
    }

    @Test
    void aTaskKeepsItsTimestampUnparsedAndOnlyWithAnError() throws IOException {
        var tasks = SwarmJson.tasks(json("[{\"ID\":\"t1\",\"Status\":{\"Timestamp\":\"2026-11-26T06:58:12.1Z\","
                + "\"State\":\"rejected\",\"Err\":\"no suitable node\"}},"
                + "{\"ID\":\"t2\",\"Status\":{\"Timestamp\":\"2026-11-26T06:58:13Z\",\"State\":\"running\"}}]"));
        assertEquals("2026-11-26T06:58:12.1Z", tasks.get(0).timestamp());
        assertEquals(Instant.parse("2026-11-26T06:58:12.1Z"), tasks.get(0).changedAt());
        assertEquals("", tasks.get(1).timestamp());
    }

    @Test
    void aReplicatedJobWithoutTotalCompletionsWantsMaxConcurrent() throws IOException {
        var service = SwarmJson.services(
                        json(
                                "[{\"ID\":\"s\",\"Spec\":{\"Name\":\"j\",\"Mode\":{\"ReplicatedJob\":{\"MaxConcurrent\":4}}}}]"))
                .getFirst();
        assertEquals(new ServiceMode.ReplicatedJob(4, 4), service.mode());
    }

    @Test
    void imagesLoseTheirDigest() {
        assertEquals("wpstack/caddy:1.2", SwarmJson.withoutDigest("wpstack/caddy:1.2@sha256:abc"));
        assertEquals("caddy", SwarmJson.withoutDigest("caddy"));
    }
}

package io.wpstack.exporter.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wpstack.exporter.swarm.ServiceMode;
import io.wpstack.exporter.swarm.TaskState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

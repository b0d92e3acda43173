package io.wpstack.exporter.sd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.engine.DockerException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceDiscoveryTest {
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''| parameter 'service' is missing",
                "port=9100| parameter 'service' is missing",
                "service=| parameter 'service' is missing",
                "service=node-exporter| parameter 'port' is missing",
                "service=node-exporter&port=| parameter 'port' is missing",
                "service=node-exporter&port=x| parameter 'port' must be a number from 1 to 65535, not 'x'",
                "service=node-exporter&port=0| parameter 'port' must be a number from 1 to 65535, not '0'",
                "service=node-exporter&port=65536| parameter 'port' must be a number from 1 to 65535, not '65536'",
                "service=node-exporter&port=9100&prot=1| unknown parameter 'prot'",
                "service=a&service=b&port=1| parameter 'service' is given twice",
                "service=a%20b&port=1| parameter 'service' is not a Swarm name: 'a b'",
                "service=a&port=1&network=-x| parameter 'network' is not a Swarm name: '-x'",
                "service=%zz&port=1| parameter service is not URL-encoded: '%zz'",
            })
    void badParametersAre400NamingTheParameter(String query, String message) {
        var answer = new ServiceDiscovery(failIfCalled(), Duration.ofSeconds(1)).answer(query);

        assertEquals(400, answer.status());
        assertEquals(
                message + "; ask /sd?service=NAME&port=PORT[&network=NAME]\n",
                new String(answer.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aGoodQueryCallsTheEngineOnceAndAnswersJson() {
        AtomicInteger calls = new AtomicInteger();
        SdApi api = (asked, timeout) -> {
            calls.incrementAndGet();
            return new SdApi.Records(List.of(), List.of(), List.of());
        };

        var answer = new ServiceDiscovery(api, Duration.ofSeconds(1)).answer("service=node-exporter&port=9100");

        assertEquals(200, answer.status());
        assertEquals("application/json", answer.contentType());
        assertEquals("[]\n", new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals(1, calls.get());
    }

    @Test
    void anEngineFailureIs503WithItsMessage() {
        SdApi api = (asked, timeout) -> {
            throw new DockerException.Timeout("unix:///var/run/docker.sock", timeout);
        };

        var answer = new ServiceDiscovery(api, Duration.ofSeconds(2)).answer("service=node-exporter&port=9100");

        assertEquals(503, answer.status());
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertTrue(
                body.startsWith("cannot discover targets: the Docker daemon at unix:///var/run/docker.sock did not"
                        + " answer within 2000 ms"),
                body);
    }

    private static SdApi failIfCalled() {
        return (asked, timeout) -> {
            throw new AssertionError("a bad query must not reach the Engine");
        };
    }
}

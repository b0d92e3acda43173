package io.wpstack.exporter.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.exporter.metrics.Exposition;
import io.wpstack.exporter.metrics.Families;
import io.wpstack.exporter.metrics.Family;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The serving both modes share: content negotiation, gzip, HEAD, plain answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponsesTest {
    private static final List<Family> FAMILIES = List.of(
            new Families.Gauge("demo_replicas", "Replicas.")
                    .add(3, "service", "web")
                    .build(),
            new Families.Counter("demo_failures", "Failures.")
                    .add(1, "service", "web")
                    .build());

    private final HttpClient http = HttpClient.newHttpClient();
    private Listener listener;

    @BeforeAll
    void listen() throws IOException {
        listener = Listener.start(
                new InetSocketAddress("127.0.0.1", 0),
                4,
                Map.of(
                        "/metrics",
                        exchange -> Responses.exposition(exchange, FAMILIES),
                        "/",
                        exchange -> Responses.respond(exchange, 404, "text/plain", "Not found.\n")));
    }

    @AfterAll
    void close() {
        listener.close();
    }

    @Test
    void servesTextByDefaultAndOpenMetricsWhenAsked() throws Exception {
        var text = get("GET", "/metrics");
        assertEquals(200, text.statusCode());
        assertEquals(
                Exposition.Format.TEXT.contentType(),
                text.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(Exposition.write(FAMILIES, Exposition.Format.TEXT), text.body());
        assertTrue(text.headers().firstValue("Content-Encoding").isEmpty());

        var openMetrics = get("GET", "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertEquals(
                Exposition.Format.OPEN_METRICS.contentType(),
                openMetrics.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(Exposition.write(FAMILIES, Exposition.Format.OPEN_METRICS), openMetrics.body());
    }

    @Test
    void gzipsWhenAcceptEncodingAllowsIt() throws Exception {
        var gzipped = get("GET", "/metrics", "Accept-Encoding", "br, gzip");
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertArrayEquals(Exposition.write(FAMILIES, Exposition.Format.TEXT), in.readAllBytes());
        }
        var refused = get("GET", "/metrics", "Accept-Encoding", "gzip;q=0");
        assertTrue(refused.headers().firstValue("Content-Encoding").isEmpty());
        assertArrayEquals(Exposition.write(FAMILIES, Exposition.Format.TEXT), refused.body());
    }

    @Test
    void acceptsGzipUnlessAbsentOrRefused() {
        assertFalse(Responses.acceptsGzip(null));
        assertFalse(Responses.acceptsGzip(List.of("br, deflate")));
        assertFalse(Responses.acceptsGzip(List.of("gzip; q=0")));
        assertTrue(Responses.acceptsGzip(List.of("GZIP")));
        assertTrue(Responses.acceptsGzip(List.of("deflate", "gzip;q=0.5")));
    }

    @Test
    void headSendsHeadersWithoutBody() throws Exception {
        var head = get("HEAD", "/metrics");
        assertEquals(200, head.statusCode());
        assertEquals(
                Exposition.Format.TEXT.contentType(),
                head.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(0, head.body().length);
    }

    @Test
    void plainAnswersCarryStatusTypeAndBody() throws Exception {
        var missing = get("GET", "/nowhere");
        assertEquals(404, missing.statusCode());
        assertEquals("text/plain", missing.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("Not found.\n", new String(missing.body(), StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> get(String method, String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}

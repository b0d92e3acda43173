package io.wpstack.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {
    private static HttpConnection.Response exchange(String response, ByteArrayOutputStream sent) throws IOException {
        var in = new ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1));
        return new HttpConnection(() -> {}, in, sent).get("/v1.41/nodes", "test/1");
    }

    private static String body(HttpConnection.Response response) throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void sendsAMinimalGet() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]", sent);
        assertEquals(
                "GET /v1.41/nodes HTTP/1.1\r\nHost: docker\r\nUser-Agent: test/1\r\nAccept: application/json\r\n"
                        + "Connection: close\r\n\r\n",
                sent.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void decodesChunkedBodiesAsDockerdSendsThem() throws IOException {
        var response = exchange(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "4\r\n[{\"I\r\n7;ext=1\r\nD\":\"x\"}\r\n1\r\n]\r\n0\r\n\r\n",
                new ByteArrayOutputStream());
        assertEquals(200, response.status());
        assertEquals("[{\"ID\":\"x\"}]", body(response));
    }

    @Test
    void stopsAtContentLength() throws IOException {
        var response = exchange(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\n\r\nhellojunk", new ByteArrayOutputStream());
        assertEquals(503, response.status());
        assertEquals("hello", body(response));
    }

    @Test
    void readsToTheEndWithoutLength() throws IOException {
        assertEquals("[1,2]", body(exchange("HTTP/1.0 200 OK\r\n\r\n[1,2]", new ByteArrayOutputStream())));
    }

    @Test
    void rejectsWhatIsNotHttp() {
        assertThrows(IOException.class, () -> exchange("SSH-2.0-OpenSSH_9.2\r\n", new ByteArrayOutputStream()));
        assertThrows(IOException.class, () -> exchange("HTTP/1.1 200 OK\r\nContent-", new ByteArrayOutputStream()));
    }
}

package io.wpstack.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import io.wpstack.exporter.metrics.Exposition;
import io.wpstack.exporter.metrics.Family;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** How both servers (Swarm mode's and node mode's) answer an exchange: an exposition, or a status and body. */
public final class Responses {
    private Responses() {}

    /** Text 0.0.4 or OpenMetrics as the Accept header asks, gzipped when Accept-Encoding allows. */
    public static void exposition(HttpExchange exchange, List<Family> families) throws IOException {
        Exposition.Format format =
                Exposition.Format.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
        byte[] body = Exposition.write(families, format);
        if (acceptsGzip(exchange.getRequestHeaders().get("Accept-Encoding"))) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 8 + 64);
            try (GZIPOutputStream gzip = new FastGzip(compressed)) {
                gzip.write(body);
            }
            body = compressed.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        respond(exchange, 200, format.contentType(), body);
    }

    /**
     * Deflate level 1: exposition text is repetitive enough that it still shrinks about 10x, in a
     * third of the default level's time (1 MB at 1,000 services).
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Whether one of the Accept-Encoding headers lists gzip, other than with q=0. */
    static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String header : acceptEncoding) {
            for (String coding : header.split(",")) {
                String[] parts = coding.strip().split(";");
                if (parts[0].strip().equalsIgnoreCase("gzip")
                        && !(parts.length > 1 && parts[1].replace(" ", "").equals("q=0"))) {
                    return true;
                }
            }
        }
        return false;
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the status and body (headers only for HEAD) and ends the exchange. */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}

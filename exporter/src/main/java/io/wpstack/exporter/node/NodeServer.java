package io.wpstack.exporter.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wpstack.exporter.metrics.Exposition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** The node mode's /metrics (fresh per scrape), /-/healthy and /-/ready on the JDK's HTTP server. */
public final class NodeServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private NodeServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static NodeServer start(InetSocketAddress address, NodeCollector collector) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/metrics", exchange -> metrics(exchange, collector));
        server.createContext("/-/healthy", exchange -> respond(exchange, 200, "text/plain", text("Healthy.\n")));
        server.createContext("/-/ready", exchange -> respond(exchange, 200, "text/plain", text("Ready.\n")));
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain", text("Not found. Try /metrics.\n")));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new NodeServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void metrics(HttpExchange exchange, NodeCollector collector) throws IOException {
        Exposition.Format format =
                Exposition.Format.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
        byte[] body = Exposition.write(ContainerFamilies.families(collector.scrape()), format);
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

    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static boolean acceptsGzip(List<String> acceptEncoding) {
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

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] bytes)
            throws IOException {
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

    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
    }
}

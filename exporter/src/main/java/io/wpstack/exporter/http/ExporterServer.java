package io.wpstack.exporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wpstack.exporter.collect.Collection;
import io.wpstack.exporter.collect.StateCollector;
import io.wpstack.exporter.metrics.Exposition;
import io.wpstack.exporter.metrics.SwarmCollector;
import io.wpstack.exporter.sd.ServiceDiscovery;
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

/** /metrics, /sd (Prometheus service discovery), /-/healthy, /-/ready and a landing page, on the JDK's own HTTP server. */
public final class ExporterServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private ExporterServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static ExporterServer start(
            InetSocketAddress address,
            SwarmCollector metrics,
            StateCollector collector,
            ServiceDiscovery discovery,
            String version)
            throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        server.createContext("/metrics", exchange -> metrics(exchange, metrics));
        server.createContext("/sd", exchange -> discover(exchange, discovery));
        server.createContext("/-/healthy", exchange -> respond(exchange, 200, "text/plain", "Healthy.\n"));
        server.createContext("/-/ready", exchange -> ready(exchange, collector));
        server.createContext("/", exchange -> landing(exchange, version));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new ExporterServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Text 0.0.4 or OpenMetrics as the Accept header asks, gzipped when Accept-Encoding allows. */
    private static void metrics(HttpExchange exchange, SwarmCollector metrics) throws IOException {
        Exposition.Format format =
                Exposition.Format.negotiate(exchange.getRequestHeaders().getFirst("Accept"));
        byte[] body = Exposition.write(metrics.scrape(), format);
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

    private static void discover(HttpExchange exchange, ServiceDiscovery discovery) throws IOException {
        ServiceDiscovery.Answer answer =
                discovery.answer(exchange.getRequestURI().getRawQuery());
        respond(exchange, answer.status(), answer.contentType(), answer.body());
    }

    /** 200 only when the last collection succeeded; collects once if nothing was scraped yet. */
    private static void ready(HttpExchange exchange, StateCollector collector) throws IOException {
        Collection last = collector.last().orElseGet(collector::collect);
        switch (last) {
            case Collection.Success success -> respond(exchange, 200, "text/plain", "Ready.\n");
            case Collection.Failure failure ->
                respond(
                        exchange,
                        503,
                        "text/plain",
                        "Not ready: " + failure.error().getMessage() + "\n");
        }
    }

    private static void landing(HttpExchange exchange, String version) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/")) {
            respond(exchange, 404, "text/plain", "Not found. Try /metrics.\n");
            return;
        }
        String html = """
                <!DOCTYPE html>
                <html><head><title>Docker Swarm exporter</title></head>
                <body>
                <h1>Docker Swarm exporter</h1>
                <p>Version %s</p>
                <ul>
                <li><a href="metrics">Metrics</a></li>
                <li><a href="-/healthy">Health</a></li>
                <li><a href="-/ready">Readiness</a> (last collection from the Docker API)</li>
                <li>Prometheus service discovery: sd?service=NAME&amp;port=PORT[&amp;network=NAME]</li>
                </ul>
                </body></html>
                """.formatted(version);
        respond(exchange, 200, "text/html; charset=utf-8", html);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the status and body (headers only for HEAD) and ends the exchange. */
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

package io.wpstack.exporter.http;

import static io.wpstack.exporter.http.Responses.respond;

import com.sun.net.httpserver.HttpExchange;
import io.wpstack.exporter.collect.Collection;
import io.wpstack.exporter.collect.StateCollector;
import io.wpstack.exporter.metrics.SwarmCollector;
import io.wpstack.exporter.sd.ServiceDiscovery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/** /metrics, /sd (Prometheus service discovery), /-/healthy, /-/ready and a landing page, on the JDK's own HTTP server. */
public final class ExporterServer implements AutoCloseable {
    private final Listener listener;

    private ExporterServer(Listener listener) {
        this.listener = listener;
    }

    public static ExporterServer start(
            InetSocketAddress address,
            SwarmCollector metrics,
            StateCollector collector,
            ServiceDiscovery discovery,
            String version)
            throws IOException {
        return new ExporterServer(Listener.start(
                address,
                64,
                Map.of(
                        "/metrics",
                        exchange -> Responses.exposition(exchange, metrics.scrape()),
                        "/sd",
                        exchange -> discover(exchange, discovery),
                        "/-/healthy",
                        exchange -> respond(exchange, 200, "text/plain", "Healthy.\n"),
                        "/-/ready",
                        exchange -> ready(exchange, collector),
                        "/",
                        exchange -> landing(exchange, version))));
    }

    public int port() {
        return listener.port();
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

    @Override
    public void close() {
        listener.close();
    }
}

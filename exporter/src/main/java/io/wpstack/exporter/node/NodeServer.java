package io.wpstack.exporter.node;

import static io.wpstack.exporter.http.Responses.respond;

import io.wpstack.exporter.http.Listener;
import io.wpstack.exporter.http.Responses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/** The node mode's /metrics (fresh per scrape), /-/healthy and /-/ready on the JDK's HTTP server. */
public final class NodeServer implements AutoCloseable {
    private final Listener listener;

    private NodeServer(Listener listener) {
        this.listener = listener;
    }

    public static NodeServer start(InetSocketAddress address, NodeCollector collector) throws IOException {
        return new NodeServer(Listener.start(
                address,
                16,
                Map.of(
                        "/metrics",
                        exchange -> Responses.exposition(exchange, ContainerFamilies.families(collector.scrape())),
                        "/-/healthy",
                        exchange -> respond(exchange, 200, "text/plain", "Healthy.\n"),
                        "/-/ready",
                        exchange -> respond(exchange, 200, "text/plain", "Ready.\n"),
                        "/",
                        exchange -> respond(exchange, 404, "text/plain", "Not found. Try /metrics.\n"))));
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }
}

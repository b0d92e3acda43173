package io.wpstack.e2e;

import io.wpstack.exporter.collect.Log;
import io.wpstack.exporter.collect.StateCollector;
import io.wpstack.exporter.docker.ApiRequestCounter;
import io.wpstack.exporter.docker.DockerClient;
import io.wpstack.exporter.docker.DockerException;
import io.wpstack.exporter.docker.DockerHost;
import io.wpstack.exporter.http.ExporterServer;
import io.wpstack.exporter.metrics.SwarmCollector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The docker-exporter, wired as its Main wires it, in this JVM against a remote engine (a manager's
 * {@code tcp://} address), scraped over real HTTP on an ephemeral loopback port.
 */
final class SwarmExporter implements AutoCloseable {
    private final ExporterServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();

    SwarmExporter(String dockerHost) throws IOException, DockerException.BadConfig {
        ApiRequestCounter requests = new ApiRequestCounter();
        DockerClient client =
                new DockerClient(DockerHost.fromEnvironment(Map.of("DOCKER_HOST", dockerHost)), "e2e", requests);
        StateCollector collector = new StateCollector(
                client,
                Duration.ofSeconds(10),
                Duration.ZERO,
                System::nanoTime,
                new Log(new PrintStream(log, true, StandardCharsets.UTF_8)));
        SwarmCollector metrics = new SwarmCollector(collector, requests, "e2e", false);
        server = ExporterServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, collector, "e2e");
    }

    /** One scrape of /metrics. */
    Scrape scrape() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + response.statusCode() + ": " + response.body());
            }
            return Scrape.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape the exporter: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
        http.close();
    }

    /** Series (name and labels exactly as printed) to value. */
    record Scrape(Map<String, Double> series, String text) {
        static Scrape parse(String text) {
            Map<String, Double> series = new TreeMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
            return new Scrape(Collections.unmodifiableMap(series), text);
        }

        /** A service family's value ({@code docker_swarm_service_replicas_running}, ...); -1 when absent. */
        double service(String family, String stack, String service) {
            Double value = series.get(family + "{service=\"" + service + "\",stack=\"" + stack + "\"}");
            return value == null ? -1 : value;
        }

        /** 1 when the node is in {@code state}, 0 when not, -1 when the node is unknown. */
        double nodeState(String nodeId, String hostname, String state) {
            Double value = series.get("docker_swarm_node_state{hostname=\"" + hostname + "\",node_id=\"" + nodeId
                    + "\",state=\"" + state + "\"}");
            return value == null ? -1 : value;
        }

        /** The lines of {@code family}, for messages. */
        String family(String family) {
            StringBuilder lines = new StringBuilder();
            series.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(family + "{"))
                    .forEach(e -> lines.append(e.getKey())
                            .append(' ')
                            .append(e.getValue())
                            .append('\n'));
            return lines.toString();
        }
    }
}

package io.wpstack.exporter;

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
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** The real exporter, wired as Main wires it, on an ephemeral port; scraped over real HTTP. */
final class RunningExporter implements AutoCloseable {
    private final ExporterServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param dockerHost a DOCKER_HOST value; "" for the default socket */
    RunningExporter(String dockerHost, Duration collectTimeout) throws IOException, DockerException.BadConfig {
        ApiRequestCounter requests = new ApiRequestCounter();
        DockerClient client =
                new DockerClient(DockerHost.fromEnvironment(Map.of("DOCKER_HOST", dockerHost)), "it", requests);
        StateCollector collector = new StateCollector(
                client,
                collectTimeout,
                Duration.ZERO,
                System::nanoTime,
                new Log(new PrintStream(log, true, StandardCharsets.UTF_8)));
        SwarmCollector metrics = new SwarmCollector(collector, requests, "it", true);
        server = ExporterServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, collector, "it");
    }

    HttpResponse<String> get(String path) {
        return get(path, "*/*");
    }

    HttpResponse<String> get(String path, String accept) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                            .header("Accept", accept)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the exporter: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request with the given method and headers (name, value, ...), the body as bytes. */
    HttpResponse<byte[]> request(String method, String path, String... headers) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (headers.length > 0) {
                builder.headers(headers);
            }
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the exporter: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One scrape of /metrics, as series (name and labels exactly as printed) to value. */
    Scrape scrape() {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        return Scrape.parse(response.body());
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }

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
            return new Scrape(series, text);
        }

        OptionalDouble value(String series) {
            Double value = this.series.get(series);
            return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
        }

        /** A service family's value; -1 when the series is absent. */
        double service(String family, String service) {
            return value(family + "{service=\"" + service + "\",stack=\"\"}").orElse(-1);
        }

        double up() {
            return value("docker_swarm_up").orElse(-1);
        }

        double requests() {
            return series.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("docker_swarm_exporter_api_requests_total"))
                    .mapToDouble(Map.Entry::getValue)
                    .sum();
        }
    }
}

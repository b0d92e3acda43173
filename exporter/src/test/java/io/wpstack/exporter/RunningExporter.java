package io.wpstack.exporter;

import io.wpstack.engine.DockerException;
import io.wpstack.engine.DockerHost;
import io.wpstack.exporter.collect.Log;
import io.wpstack.exporter.collect.StateCollector;
import io.wpstack.exporter.docker.ApiRequestCounter;
import io.wpstack.exporter.docker.DockerClient;
import io.wpstack.exporter.http.ExporterServer;
import io.wpstack.exporter.metrics.SwarmCollector;
import io.wpstack.exporter.sd.ServiceDiscovery;
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
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The real exporter, wired as Main wires it, in this JVM on an ephemeral loopback port, scraped over
 * real HTTP. Used by the exporter's ITs and, through the test-jar, by the end-to-end tests.
 */
public final class RunningExporter implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ExporterServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();

    /** With the legacy metrics on. @param dockerHost a DOCKER_HOST value; "" for the default socket */
    RunningExporter(String dockerHost, Duration collectTimeout) throws IOException, DockerException.BadConfig {
        this(dockerHost, collectTimeout, true);
    }

    /**
     * @param dockerHost a DOCKER_HOST value; "" for the default socket
     * @param legacy also serve the original exporter's live_NAME / desired_NAME series
     */
    public RunningExporter(String dockerHost, Duration collectTimeout, boolean legacy)
            throws IOException, DockerException.BadConfig {
        this(Map.of("DOCKER_HOST", dockerHost), collectTimeout, legacy);
    }

    /** @param environment DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH as the exporter reads them */
    RunningExporter(Map<String, String> environment, Duration collectTimeout, boolean legacy)
            throws IOException, DockerException.BadConfig {
        ApiRequestCounter requests = new ApiRequestCounter();
        DockerClient client = new DockerClient(DockerHost.fromEnvironment(environment), "test", requests);
        StateCollector collector = new StateCollector(
                client,
                collectTimeout,
                Duration.ZERO,
                System::nanoTime,
                new Log(new PrintStream(log, true, StandardCharsets.UTF_8)));
        SwarmCollector metrics = new SwarmCollector(collector, requests, "test", legacy);
        server = ExporterServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                metrics,
                collector,
                new ServiceDiscovery(client, collectTimeout),
                "test");
    }

    HttpResponse<String> get(String path) {
        return get(path, "*/*");
    }

    HttpResponse<String> get(String path, String accept) {
        return send(build("GET", path, "Accept", accept), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with the given method and headers (name, value, ...), the body as bytes. */
    HttpResponse<byte[]> request(String method, String path, String... headers) {
        return send(build(method, path, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest build(String method, String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the exporter: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One scrape of /metrics, as series (name and labels exactly as printed) to value. */
    public Scrape scrape() {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return Scrape.parse(response.body());
    }

    public String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
        http.close();
    }

    /** Series (name and labels exactly as printed) to value. */
    public record Scrape(Map<String, Double> series, String text) {
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

        public OptionalDouble value(String series) {
            Double value = this.series.get(series);
            return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
        }

        /** A service family's value ({@code docker_swarm_service_replicas_running}, ...); -1 when absent. */
        public double service(String family, String stack, String service) {
            return value(family + "{service=\"" + service + "\",stack=\"" + stack + "\"}")
                    .orElse(-1);
        }

        /** {@link #service(String, String, String)} of a service outside any stack. */
        public double service(String family, String service) {
            return service(family, "", service);
        }

        /** 1 when the node is in {@code state}, 0 when not, -1 when the node is unknown. */
        public double nodeState(String nodeId, String hostname, String state) {
            return value("docker_swarm_node_state{hostname=\"" + hostname + "\",node_id=\"" + nodeId + "\",state=\""
                            + state + "\"}")
                    .orElse(-1);
        }

        public double up() {
            return value("docker_swarm_up").orElse(-1);
        }

        public double requests() {
            return series.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("docker_swarm_exporter_api_requests_total"))
                    .mapToDouble(Map.Entry::getValue)
                    .sum();
        }

        /** The lines of {@code family}, for messages. */
        public String family(String family) {
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

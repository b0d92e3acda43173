package io.wpstack.exporter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.exporter.cli.Command;
import io.wpstack.exporter.collect.Log;
import io.wpstack.testkit.DockerCli;
import io.wpstack.testkit.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The node mode in-process against the host's real dockerd, cgroup fs and /proc (as root): a replicated
 * service with a memory limit, a global one, and one whose container allocates past its 32 MiB limit until
 * the OOM killer ends it. Services are named NODE_IT_PREFIX (default it-node) and a per-run suffix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeModeIT {
    private static final String IMAGE = System.getenv().getOrDefault("WPSTACK_TEST_IMAGE", "wpstack/base:trixie");
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private final String run = System.getenv().getOrDefault("NODE_IT_PREFIX", "it-node") + "-"
            + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
    private final List<String> services = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private NodeServer server;

    @BeforeAll
    void startNodeModeAndServices() throws Exception {
        server = NodeMode.start(
                new Command.Node(
                        new InetSocketAddress("127.0.0.1", 0),
                        Path.of("/sys/fs/cgroup"),
                        Path.of("/proc"),
                        Duration.ofSeconds(5)),
                "it",
                new Log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        create("web", "--replicas", "1", "--limit-memory", "48M", IMAGE, "sleep", "infinity");
        create("agent", "--mode", "global", IMAGE, "sleep", "infinity");
        create(
                "hog",
                "--limit-memory",
                "32M",
                "--restart-max-attempts",
                "1",
                "--restart-delay",
                "1s",
                IMAGE,
                "sh",
                "-c",
                "tail /dev/zero");
    }

    @AfterAll
    void removeServices() {
        if (server != null) {
            server.close();
        }
        if (!services.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("service", "rm"));
            rm.addAll(services);
            DockerCli.run(rm.toArray(String[]::new));
        }
    }

    @Test
    void servesTheTasksSeriesWithTheNodesHostNameAndTheMemoryLimit() {
        String web = run + "-web";
        String node = DockerCli.check("info", "--format", "{{.Name}}").strip();
        Poll.until(
                web + "'s container to be served",
                CONVERGE,
                () -> scrape().contains("service=\"" + web + "\""),
                this::scrape);
        String id = DockerCli.check("ps", "-q", "--no-trunc", "--filter", "label=com.docker.swarm.service.name=" + web)
                .strip();
        String labels = "container_id=\"" + id.substring(0, 12) + "\",node=\"" + node + "\",service=\"" + web
                + "\",slot=\"1\",stack=\"\"";
        String text = scrape();
        assertTrue(
                text.contains("docker_container_info{container_id=\"" + id.substring(0, 12) + "\",image=\"" + IMAGE
                        + "\",node=\"" + node + "\",service=\"" + web + "\",slot=\"1\",stack=\"\",task=\"" + web
                        + ".1."),
                text);
        assertEquals(
                Optional.of(48.0 * 1024 * 1024), value(text, "docker_container_memory_limit_bytes{" + labels + "}"));
        assertTrue(
                value(text, "docker_container_cpu_usage_seconds_total{" + labels + "}")
                                .orElseThrow()
                        > 0,
                text);
        assertTrue(
                value(text, "docker_container_memory_working_set_bytes{" + labels + "}")
                                .orElseThrow()
                        > 0,
                text);
        assertTrue(
                value(
                                text,
                                "docker_container_network_receive_bytes_total{container_id=\"" + id.substring(0, 12)
                                        + "\",interface=\"eth0\",node=\"" + node + "\",service=\"" + web
                                        + "\",slot=\"1\",stack=\"\"}")
                        .isPresent(),
                text);
        assertEquals(Optional.of(1.0), value(text, "docker_container_exporter_up"));
        String agent = run + "-agent";
        Poll.until(agent + "'s container to be served", CONVERGE, () -> scrape().contains("service=\"" + agent + "\""));
        assertTrue(
                scrape().contains("node=\"" + node + "\",service=\"" + agent + "\",slot=\"\",stack=\"\"}"), scrape());
    }

    @Test
    void aContainerTheOomKillerEndedIsServedWithTheTimeItEnded() {
        String hog = run + "-hog";
        Pattern series =
                Pattern.compile("docker_container_oom_killed_timestamp_seconds\\{container_id=\"([0-9a-f]{12})\","
                        + "node=\"[^\"]+\",service=\"" + Pattern.quote(hog) + "\",slot=\"1\",stack=\"\"} (\\S+)");
        Poll.until(
                hog + "'s OOM kill to be served",
                CONVERGE,
                () -> series.matcher(scrape()).find(),
                this::scrape);
        Matcher found = series.matcher(scrape());
        assertTrue(found.find());
        String finished = DockerCli.check("inspect", "-f", "{{.State.OOMKilled}} {{.State.FinishedAt}}", found.group(1))
                .strip();
        assertTrue(finished.startsWith("true "), finished);
        Instant at = Instant.parse(finished.substring("true ".length()));
        assertEquals(at.getEpochSecond() + at.getNano() / 1e9, Double.parseDouble(found.group(2)), 1e-3);
    }

    private void create(String name, String... args) {
        List<String> command = new ArrayList<>(List.of("service", "create", "-d", "--name", run + "-" + name));
        command.addAll(List.of(args));
        DockerCli.check(command.toArray(String[]::new));
        services.add(run + "-" + name);
    }

    private String scrape() {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Double> value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Optional.of(Double.parseDouble(line.substring(series.length() + 1)));
            }
        }
        return Optional.empty();
    }
}

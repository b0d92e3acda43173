package io.wpstack.exporter;

import io.wpstack.engine.DockerException;
import io.wpstack.engine.DockerHost;
import io.wpstack.exporter.check.CheckCommand;
import io.wpstack.exporter.cli.Arguments;
import io.wpstack.exporter.cli.Command;
import io.wpstack.exporter.cli.Durations;
import io.wpstack.exporter.cli.UsageException;
import io.wpstack.exporter.collect.Log;
import io.wpstack.exporter.collect.StateCollector;
import io.wpstack.exporter.docker.ApiRequestCounter;
import io.wpstack.exporter.docker.DockerClient;
import io.wpstack.exporter.http.ExporterServer;
import io.wpstack.exporter.metrics.SwarmCollector;
import io.wpstack.exporter.node.NodeMode;
import io.wpstack.exporter.sd.ServiceDiscovery;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/** Parses the command line, wires the pieces, runs. Exit codes: 0 ok, 1 failure, 2 bad usage. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) throws InterruptedException {
        Log log = new Log(System.err);
        Command command;
        try {
            command = Arguments.parse(args);
        } catch (UsageException e) {
            System.err.println("docker-exporter: " + e.getMessage());
            System.err.print(Arguments.USAGE);
            return 2;
        }
        String version = version();
        try {
            return switch (command) {
                case Command.Help help -> {
                    System.out.print(Arguments.USAGE);
                    yield 0;
                }
                case Command.Version v -> {
                    System.out.println("docker-exporter " + version);
                    yield 0;
                }
                case Command.Check check ->
                    new CheckCommand(client(version, new ApiRequestCounter()), check, System.out, Clock.systemUTC())
                            .run();
                case Command.Serve serve -> serve(serve, version, log);
                case Command.Node node -> untilShutdown(NodeMode.start(node, version, log)::close, log);
            };
        } catch (DockerException.BadConfig e) {
            log.error(e.getMessage());
            return 2;
        } catch (IOException e) {
            log.error("cannot serve: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(Command.Serve options, String version, Log log)
            throws DockerException.BadConfig, IOException, InterruptedException {
        ApiRequestCounter requests = new ApiRequestCounter();
        DockerClient client = client(version, requests);
        StateCollector collector = new StateCollector(
                client, options.collectTimeout(), options.minRefreshInterval(), System::nanoTime, log);
        SwarmCollector metrics = new SwarmCollector(collector, requests, version, options.legacyMetrics());
        ExporterServer server;
        try {
            server = ExporterServer.start(
                    options.listen(),
                    metrics,
                    collector,
                    new ServiceDiscovery(client, options.collectTimeout()),
                    version);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + options.listen() + " (" + e.getMessage()
                    + "); is another process using the port? choose one with --listen");
        }
        log.info("docker-exporter " + version + " listening on "
                + options.listen().getHostString() + ":"
                + server.port() + ", Docker at " + client.endpoint() + ", min refresh "
                + Durations.format(options.minRefreshInterval()) + ", collect timeout "
                + Durations.format(options.collectTimeout()));
        // One collection at start: reports the connection (or the problem) right away and warms up
        // the code paths, so the first scrape is fast. No background polling after this.
        Thread.ofVirtual().start(collector::collect);
        return untilShutdown(server::close, log);
    }

    /** Waits for the JVM's shutdown (SIGTERM, SIGINT), running CLOSE in its hook; 0 for the exit code. */
    private static int untilShutdown(Runnable close, Log log) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            close.run();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static DockerClient client(String version, ApiRequestCounter requests) throws DockerException.BadConfig {
        return new DockerClient(DockerHost.fromEnvironment(System.getenv()), version, requests);
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/docker-exporter.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

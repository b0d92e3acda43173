package io.wpstack.exporter.node;

import io.wpstack.engine.DockerException;
import io.wpstack.engine.DockerHost;
import io.wpstack.engine.EngineClient;
import io.wpstack.exporter.cli.Command;
import io.wpstack.exporter.collect.Log;
import io.wpstack.exporter.docker.ApiRequestCounter;
import java.io.IOException;
import java.time.Duration;

/** {@code docker-exporter node}: wires the Engine client, the cgroup and /proc readers and the server. */
public final class NodeMode {
    private static final Duration HOST_NAME_RETRY = Duration.ofSeconds(2);

    private NodeMode() {}

    /** Reads the host name (waiting for the daemon), then listens; the server runs until closed. */
    public static NodeServer start(Command.Node options, String version, Log log)
            throws DockerException.BadConfig, IOException, InterruptedException {
        ApiRequestCounter requests = new ApiRequestCounter();
        NodeEngine api = new NodeEngine(new EngineClient(
                DockerHost.fromEnvironment(System.getenv()),
                "docker-exporter/" + version,
                options.apiTimeout(),
                requests::record));
        String node = hostName(api, options.apiTimeout(), log);
        CgroupReader cgroups = CgroupReader.at(options.cgroupRoot());
        NodeCollector collector = new NodeCollector(
                api,
                cgroups,
                new ProcNet(options.procRoot()),
                requests,
                node,
                options.apiTimeout(),
                System::nanoTime,
                log);
        NodeServer server;
        try {
            server = NodeServer.start(options.listen(), collector);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + options.listen() + " (" + e.getMessage()
                    + "); is another process using the port? choose one with --listen");
        }
        log.info("docker-exporter " + version + " node mode for " + node + " listening on "
                + options.listen().getHostString() + ":" + server.port() + ", Docker at " + api.endpoint()
                + ", cgroup " + cgroups.version() + " at " + options.cgroupRoot() + ", /proc at "
                + options.procRoot());
        return server;
    }

    /** The node's host name from GET /info, asked until the daemon answers (it labels every series). */
    static String hostName(NodeApi api, Duration timeout, Log log) throws InterruptedException {
        boolean told = false;
        while (true) {
            try {
                return api.hostName(timeout);
            } catch (DockerException e) {
                if (!told) {
                    log.warn("cannot read the node's host name, retrying every " + HOST_NAME_RETRY.toSeconds() + "s: "
                            + e.getMessage());
                    told = true;
                }
                Thread.sleep(HOST_NAME_RETRY);
            }
        }
    }
}

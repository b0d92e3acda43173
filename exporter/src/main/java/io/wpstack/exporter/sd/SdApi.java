package io.wpstack.exporter.sd;

import io.wpstack.engine.DockerException;
import io.wpstack.exporter.swarm.Node;
import io.wpstack.exporter.swarm.Service;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** The Engine API calls of one discovery request: services, then nodes and the asked services' tasks. */
public interface SdApi {
    /**
     * The services, and when any is ASKED, the nodes and the running tasks of the asked services.
     *
     * @throws DockerException when the daemon cannot answer within TIMEOUT
     */
    Records discover(Predicate<Service> asked, Duration timeout) throws DockerException;

    /** What the Engine answered: all services; nodes and tasks empty when no service was asked. */
    record Records(List<Service> services, List<Node> nodes, List<SdTask> tasks) {
        public Records {
            services = List.copyOf(services);
            nodes = List.copyOf(nodes);
            tasks = List.copyOf(tasks);
        }
    }
}

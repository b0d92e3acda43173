package io.wpstack.exporter.docker;

import io.wpstack.engine.DockerException;
import io.wpstack.engine.DockerHost;
import io.wpstack.engine.EngineClient;
import io.wpstack.engine.Filters;
import io.wpstack.exporter.sd.SdApi;
import io.wpstack.exporter.sd.SdJson;
import io.wpstack.exporter.sd.SdTask;
import io.wpstack.exporter.swarm.Node;
import io.wpstack.exporter.swarm.Service;
import io.wpstack.exporter.swarm.SwarmState;
import io.wpstack.exporter.swarm.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * The exporter's whole view of the Engine API: three GETs per collection, issued in parallel,
 * whatever the size of the cluster, each streamed into records and each giving up after the
 * collection's timeout (the engine client closes its connection). Tasks are fetched unfiltered
 * because a failed task's desired state is already "shutdown" and a job's is "complete": a
 * desired-state=running filter would hide both (measured on Engine 20.10).
 */
public final class DockerClient implements SwarmApi, SdApi {
    public static final String API_VERSION = EngineClient.API_VERSION;
    static final String SERVICES = "/services?status=true";
    static final String NODES = "/nodes";
    static final String TASKS = "/tasks";

    private final EngineClient engine;

    public DockerClient(DockerHost host, String version, ApiRequestCounter requests) throws DockerException.BadConfig {
        this.engine =
                new EngineClient(host, "docker-exporter/" + version, EngineClient.DEFAULT_TIMEOUT, requests::record);
    }

    @Override
    public String endpoint() {
        return engine.endpoint();
    }

    @Override
    public SwarmState fetch(Duration timeout) throws DockerException {
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Service>> services =
                    calls.submit(() -> engine.get("services", SERVICES, SwarmJson::services, timeout));
            Future<List<Node>> nodes = calls.submit(() -> engine.get("nodes", NODES, SwarmJson::nodes, timeout));
            Future<List<Task>> tasks = calls.submit(() -> engine.get("tasks", TASKS, SwarmJson::tasks, timeout));
            try {
                return new SwarmState(await(services, timeout), await(nodes, timeout), await(tasks, timeout));
            } finally {
                services.cancel(true);
                nodes.cancel(true);
                tasks.cancel(true);
            }
        }
    }

    /**
     * Service discovery's calls: GET /services, then (when a service is asked) GET /nodes and the asked services'
     * tasks with desired state running, in parallel: a few tasks, not the cluster's, are read.
     */
    @Override
    public Records discover(Predicate<Service> asked, Duration timeout) throws DockerException {
        List<Service> services = engine.get("services", "/services", SwarmJson::services, timeout);
        Filters filters = Filters.of("desired-state", "running");
        boolean any = false;
        for (Service service : services) {
            if (asked.test(service)) {
                filters = filters.and("service", service.id());
                any = true;
            }
        }
        if (!any) {
            return new Records(services, List.of(), List.of());
        }
        String tasksPath = filters.on(TASKS);
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Node>> nodes = calls.submit(() -> engine.get("nodes", NODES, SwarmJson::nodes, timeout));
            Future<List<SdTask>> tasks = calls.submit(() -> engine.get("tasks", tasksPath, SdJson::tasks, timeout));
            try {
                return new Records(services, await(nodes, timeout), await(tasks, timeout));
            } finally {
                nodes.cancel(true);
                tasks.cancel(true);
            }
        }
    }

    private <T> T await(Future<T> call, Duration timeout) throws DockerException {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DockerException docker) {
                throw docker;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException.Timeout(endpoint(), timeout);
        }
    }
}

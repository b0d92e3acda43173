package io.wpstack.exporter.node;

import io.wpstack.engine.DockerException;
import io.wpstack.exporter.collect.Log;
import io.wpstack.exporter.docker.ApiRequestCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * One scrape: the Engine's container list (one call) and the cgroup and /proc files of each running task
 * container, those of the last scrape's containers read while the Engine answers. Every cache (cgroup paths, pids, how exited containers ended) is keyed by the ids of the last
 * list and pruned to them, so memory follows the containers on the node. Scrapes run one at a time.
 */
public final class NodeCollector {
    /** Inspects of newly exited (137) containers per scrape, at most: a mass kill costs a few scrapes. */
    static final int INSPECTS_PER_SCRAPE = 10;

    private final NodeApi api;
    private final CgroupReader cgroups;
    private final ProcNet network;
    private final ApiRequestCounter requests;
    private final String node;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Log log;
    private final Map<String, NodeApi.Exit> exits = new HashMap<>();
    private boolean lastUp = true;
    private List<String> lastRunning = List.of();

    public NodeCollector(
            NodeApi api,
            CgroupReader cgroups,
            ProcNet network,
            ApiRequestCounter requests,
            String node,
            Duration timeout,
            LongSupplier nanoTime,
            Log log) {
        this.api = api;
        this.cgroups = cgroups;
        this.network = network;
        this.requests = requests;
        this.node = node;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
        this.log = log;
    }

    public synchronized NodeSnapshot scrape() {
        long start = nanoTime.getAsLong();
        Map<String, CgroupStats> stats = new HashMap<>();
        Map<String, List<ProcNet.Interface>> networks = new HashMap<>();
        List<TaskContainer> containers;
        boolean up;
        try (ExecutorService call = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<TaskContainer>> listed = call.submit(() -> api.containers(timeout));
            // While the Engine answers: the files of the containers that ran at the last scrape (nearly
            // always the same ones), so the scrape takes about the longer of the two, not their sum.
            readFiles(lastRunning, stats, networks);
            containers = listed.get();
            up = true;
            if (!lastUp) {
                log.info("Docker API answers again at " + api.endpoint());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof DockerException docker)) {
                throw new IllegalStateException(e.getCause());
            }
            containers = List.of();
            up = false;
            if (lastUp) {
                log.warn("cannot list containers: " + docker.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            containers = List.of();
            up = false;
        }
        lastUp = up;
        Set<String> ids = new HashSet<>();
        List<String> running = new ArrayList<>();
        for (TaskContainer container : containers) {
            ids.add(container.id());
            if (container.running()) {
                running.add(container.id());
            }
        }
        Set<String> read = new HashSet<>(lastRunning);
        stats.keySet().retainAll(running);
        networks.keySet().retainAll(running);
        List<String> fresh = running.stream().filter(id -> !read.contains(id)).toList();
        readFiles(fresh, stats, networks);
        Map<String, Instant> oomKilled = oomKilled(containers);
        if (up) {
            cgroups.retain(ids);
            network.retain(ids);
            exits.keySet().retainAll(ids);
            lastRunning = running;
        }
        List<ProcNet.Interface> hostNetwork = network.host();
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        return new NodeSnapshot(
                node, up, containers, stats, networks, hostNetwork, oomKilled, seconds, requests.snapshot());
    }

    private void readFiles(
            List<String> ids, Map<String, CgroupStats> stats, Map<String, List<ProcNet.Interface>> networks) {
        for (String id : ids) {
            cgroups.read(id).ifPresent(read -> stats.put(id, read));
        }
        networks.putAll(network.read(ids));
    }

    /** Containers that exited with 137, inspected once each: those the OOM killer ended, with when. */
    private Map<String, Instant> oomKilled(List<TaskContainer> containers) {
        Map<String, Instant> result = new HashMap<>();
        int inspects = 0;
        for (TaskContainer container : containers) {
            if (container.running() || container.exitCode() != 137) {
                continue;
            }
            NodeApi.Exit exit = exits.get(container.id());
            if (exit == null && inspects < INSPECTS_PER_SCRAPE) {
                inspects++;
                try {
                    exit = api.exit(container.id(), timeout);
                    exits.put(container.id(), exit);
                } catch (DockerException.NotFound e) {
                    exits.put(container.id(), new NodeApi.Exit(false, Instant.EPOCH)); // removed meanwhile
                } catch (DockerException e) {
                    log.warn("cannot inspect container " + container.shortId() + ": " + e.getMessage());
                }
            }
            if (exit != null && exit.oomKilled()) {
                result.put(container.id(), exit.finishedAt());
            }
        }
        return result;
    }
}

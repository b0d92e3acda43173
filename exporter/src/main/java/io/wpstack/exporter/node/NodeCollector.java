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
import java.util.function.LongSupplier;

/**
 * One scrape: the Engine's container list (one call), then the cgroup and /proc files of each running task
 * container. Every cache (cgroup paths, pids, how exited containers ended) is keyed by the ids of the last
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
        List<TaskContainer> containers;
        boolean up;
        try {
            containers = api.containers(timeout);
            up = true;
            if (!lastUp) {
                log.info("Docker API answers again at " + api.endpoint());
            }
        } catch (DockerException e) {
            containers = List.of();
            up = false;
            if (lastUp) {
                log.warn("cannot list containers: " + e.getMessage());
            }
        }
        lastUp = up;
        Set<String> ids = new HashSet<>();
        Map<String, CgroupStats> stats = new HashMap<>();
        List<String> running = new ArrayList<>();
        for (TaskContainer container : containers) {
            ids.add(container.id());
            if (container.running()) {
                running.add(container.id());
                cgroups.read(container.id()).ifPresent(read -> stats.put(container.id(), read));
            }
        }
        Map<String, List<ProcNet.Interface>> networks = network.read(running);
        Map<String, Instant> oomKilled = oomKilled(containers);
        if (up) {
            cgroups.retain(ids);
            network.retain(ids);
            exits.keySet().retainAll(ids);
        }
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        return new NodeSnapshot(node, up, containers, stats, networks, oomKilled, seconds, requests.snapshot());
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

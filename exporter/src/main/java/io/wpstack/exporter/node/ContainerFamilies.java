package io.wpstack.exporter.node;

import static io.wpstack.exporter.metrics.Families.bool;

import io.wpstack.exporter.metrics.Families.Counter;
import io.wpstack.exporter.metrics.Families.Gauge;
import io.wpstack.exporter.metrics.Families.Info;
import io.wpstack.exporter.metrics.Family;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node mode's metric families from one {@link NodeSnapshot}: a pure function. Per-container series are
 * labelled {@code container_id, node, service, slot, stack} (in that order, which is by name), samples in
 * the order of service, slot (or node id), creation, id.
 */
public final class ContainerFamilies {
    private static final Comparator<TaskContainer> ORDER = Comparator.comparing(TaskContainer::service)
            .thenComparing(TaskContainer::group)
            .thenComparingLong(TaskContainer::created)
            .thenComparing(TaskContainer::id);

    private ContainerFamilies() {}

    public static List<Family> families(NodeSnapshot snapshot) {
        List<TaskContainer> containers = new ArrayList<>(snapshot.containers());
        containers.sort(ORDER);
        String node = snapshot.node();

        var info = new Info("docker_container", "One per running task container; value 1.");
        var cpu =
                new Counter("docker_container_cpu_usage_seconds", "CPU time used by the container (user and system).");
        var periods =
                new Counter("docker_container_cpu_periods", "CFS enforcement periods elapsed (a CPU limit is set).");
        var throttledPeriods = new Counter(
                "docker_container_cpu_throttled_periods", "CFS periods in which the container was throttled.");
        var throttled = new Counter(
                "docker_container_cpu_throttled_seconds",
                "Time the container's threads waited throttled by its CPU limit.");
        var workingSet = new Gauge(
                "docker_container_memory_working_set_bytes",
                "Memory usage less inactive file pages: what the OOM killer weighs against the limit.");
        var rss = new Gauge("docker_container_memory_rss_bytes", "Anonymous memory (heap, stacks).");
        var cache =
                new Gauge("docker_container_memory_cache_bytes", "File pages (page cache) charged to the container.");
        var limit =
                new Gauge("docker_container_memory_limit_bytes", "The container's memory limit; absent without one.");
        var oomKills = new Counter(
                "docker_container_oom_kills",
                "Processes of the running container killed by the OOM killer (its cgroup's oom_kill count).");
        var network = new Traffic(
                new Counter("docker_container_network_receive_bytes", "Bytes received, by interface."),
                new Counter("docker_container_network_transmit_bytes", "Bytes sent, by interface."),
                new Counter("docker_container_network_receive_packets", "Packets received, by interface."),
                new Counter("docker_container_network_transmit_packets", "Packets sent, by interface."));
        var blkioRead =
                new Counter("docker_container_blkio_read_bytes", "Bytes read from a block device (major:minor).");
        var blkioWrite =
                new Counter("docker_container_blkio_write_bytes", "Bytes written to a block device (major:minor).");

        int running = 0;
        for (TaskContainer container : containers) {
            if (!container.running()) {
                continue;
            }
            running++;
            String id = container.shortId();
            info.add(
                    "container_id",
                    id,
                    "image",
                    container.image(),
                    "node",
                    node,
                    "service",
                    container.service(),
                    "slot",
                    container.slot(),
                    "stack",
                    container.stack(),
                    "task",
                    container.task());
            CgroupStats stats = snapshot.cgroups().get(container.id());
            if (stats != null) {
                String[] labels = labels(container, node);
                cpu.addIfRead(stats.cpuSeconds(), labels);
                periods.addIfRead(stats.cpuPeriods(), labels);
                throttledPeriods.addIfRead(stats.cpuThrottledPeriods(), labels);
                throttled.addIfRead(stats.cpuThrottledSeconds(), labels);
                workingSet.addIfRead(stats.workingSet(), labels);
                rss.addIfRead(stats.rss(), labels);
                cache.addIfRead(stats.cache(), labels);
                limit.addIfRead(stats.limit(), labels);
                oomKills.addIfRead(stats.oomKills(), labels);
                for (CgroupStats.Blkio device : stats.blkio()) {
                    String[] withDevice = withSecond(labels, "device", device.device());
                    blkioRead.addIfRead(device.read(), withDevice);
                    blkioWrite.addIfRead(device.write(), withDevice);
                }
            }
            for (ProcNet.Interface each : snapshot.networks().getOrDefault(container.id(), List.of())) {
                network.add(each, withSecond(labels(container, node), "interface", each.name()));
            }
        }

        var oomKilled = new Gauge(
                "docker_container_oom_killed_timestamp_seconds",
                "When a container the Engine still keeps ended, killed by the OOM killer (State.OOMKilled).");
        var restarts = new Gauge(
                "docker_container_restarts",
                "Earlier containers of the same task slot (or global service) the Engine keeps on this node.");
        Map<String, TaskContainer> newest = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (TaskContainer container : containers) {
            java.time.Instant killed = snapshot.oomKilled().get(container.id());
            if (killed != null) {
                oomKilled.add(killed.getEpochSecond() + killed.getNano() / 1e9, labels(container, node));
            }
            String group = container.service() + "\u0000" + container.group();
            newest.put(group, container); // sorted by creation: the last one is the newest
            counts.merge(group, 1, Integer::sum);
        }
        for (TaskContainer container : containers) {
            String group = container.service() + "\u0000" + container.group();
            if (newest.get(group) == container) {
                restarts.add(counts.get(group) - 1, labels(container, node));
            }
        }

        // The node's own interfaces: node-exporter, in a Swarm service, sees only its container's.
        var hostNetwork = new Traffic(
                new Counter("docker_node_network_receive_bytes", "The node's bytes received, by interface."),
                new Counter("docker_node_network_transmit_bytes", "The node's bytes sent, by interface."),
                new Counter("docker_node_network_receive_packets", "The node's packets received, by interface."),
                new Counter("docker_node_network_transmit_packets", "The node's packets sent, by interface."));
        for (ProcNet.Interface each : snapshot.hostNetwork()) {
            hostNetwork.add(each, "interface", each.name(), "node", node);
        }

        var up = new Gauge(
                        "docker_container_exporter_up",
                        "1 when the last Engine API call (the container list) succeeded.")
                .add(bool(snapshot.up()));
        var duration = new Gauge(
                        "docker_container_exporter_scrape_duration_seconds",
                        "How long the last scrape's reads took (Engine call, cgroup and /proc files).")
                .add(snapshot.seconds());
        var requests = new Counter(
                "docker_container_exporter_api_requests",
                "Engine API requests by endpoint (containers, info, inspect) and result (success or error).");
        snapshot.requests()
                .forEach((key, count) -> requests.add(count, "endpoint", key.endpoint(), "result", key.result()));
        var watched = new Gauge(
                        "docker_container_exporter_containers",
                        "Running task containers on this node: the ones with per-container series.")
                .add(running);

        return List.of(
                info.build(),
                cpu.build(),
                periods.build(),
                throttledPeriods.build(),
                throttled.build(),
                workingSet.build(),
                rss.build(),
                cache.build(),
                limit.build(),
                oomKills.build(),
                network.receiveBytes().build(),
                network.transmitBytes().build(),
                network.receivePackets().build(),
                network.transmitPackets().build(),
                blkioRead.build(),
                blkioWrite.build(),
                oomKilled.build(),
                restarts.build(),
                hostNetwork.receiveBytes().build(),
                hostNetwork.transmitBytes().build(),
                hostNetwork.receivePackets().build(),
                hostNetwork.transmitPackets().build(),
                up.build(),
                duration.build(),
                requests.build(),
                watched.build());
    }

    /** container_id, node, service, slot, stack: sorted by name. */
    private static String[] labels(TaskContainer container, String node) {
        return new String[] {
            "container_id", container.shortId(),
            "node", node,
            "service", container.service(),
            "slot", container.slot(),
            "stack", container.stack()
        };
    }

    /** LABELS with NAME=VALUE second: for names between container_id and node (device, interface). */
    private static String[] withSecond(String[] labels, String name, String value) {
        String[] result = new String[labels.length + 2];
        result[0] = labels[0];
        result[1] = labels[1];
        result[2] = name;
        result[3] = value;
        System.arraycopy(labels, 2, result, 4, labels.length - 2);
        return result;
    }

    /** The four network counters of a set of interfaces; a value not read (NaN) is left out. */
    private record Traffic(
            Counter receiveBytes, Counter transmitBytes, Counter receivePackets, Counter transmitPackets) {
        void add(ProcNet.Interface network, String... labels) {
            receiveBytes.addIfRead(network.receiveBytes(), labels);
            transmitBytes.addIfRead(network.transmitBytes(), labels);
            receivePackets.addIfRead(network.receivePackets(), labels);
            transmitPackets.addIfRead(network.transmitPackets(), labels);
        }
    }
}

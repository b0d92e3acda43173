package io.wpstack.exporter.node;

import io.wpstack.exporter.docker.ApiRequestCounter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one scrape read, by full container id: the input of {@link ContainerFamilies}.
 *
 * @param node the node's host name
 * @param up the Engine's container list was read
 * @param containers every task container the Engine keeps on this node, running or not
 * @param cgroups the running containers whose cgroup was read
 * @param networks the running containers whose network namespace was read
 * @param hostNetwork the node's own interfaces (the host's network namespace)
 * @param oomKilled containers that ended killed by the OOM killer, with the time they ended
 * @param seconds how long the scrape's reads took
 */
public record NodeSnapshot(
        String node,
        boolean up,
        List<TaskContainer> containers,
        Map<String, CgroupStats> cgroups,
        Map<String, List<ProcNet.Interface>> networks,
        List<ProcNet.Interface> hostNetwork,
        Map<String, Instant> oomKilled,
        double seconds,
        Map<ApiRequestCounter.Key, Long> requests) {}

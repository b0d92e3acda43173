package io.wpstack.exporter.node;

import java.util.List;

/**
 * What a container's cgroup says, in base units. A value the host does not give is NaN (a kernel without
 * memory.oom_control's oom_kill, a cgroup without a memory limit) and is left out of the output.
 *
 * @param workingSet usage less inactive file pages, as cAdvisor and the kubelet count it
 * @param rss anonymous memory
 * @param cache file pages
 * @param limit bytes, NaN for no limit
 */
public record CgroupStats(
        double cpuSeconds,
        double cpuPeriods,
        double cpuThrottledPeriods,
        double cpuThrottledSeconds,
        double workingSet,
        double rss,
        double cache,
        double limit,
        double oomKills,
        List<Blkio> blkio) {

    /** Bytes read and written on one block device ("major:minor"). */
    public record Blkio(String device, double read, double write) {}

    /** Usage less inactive file pages, never below 0. */
    static double workingSet(double usage, double inactiveFile) {
        return Double.isNaN(inactiveFile) ? usage : Math.max(0, usage - inactiveFile);
    }
}

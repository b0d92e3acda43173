package io.wpstack.exporter.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** A container's cgroup files, read by container id, on a cgroup v2 or v1 host. */
public sealed interface CgroupReader permits CgroupV2, CgroupV1 {
    /** The container's stats; empty when it has no cgroup on this host (gone, or not found). */
    Optional<CgroupStats> read(String containerId);

    /** Forgets every container but these (keeps the path cache bounded by the live containers). */
    void retain(Set<String> containerIds);

    /** "v2" or "v1", for the start-up log line. */
    String version();

    /** v2 where ROOT is a unified hierarchy (it has cgroup.controllers), else v1 (also a hybrid host's). */
    static CgroupReader at(Path root) {
        return Files.exists(root.resolve("cgroup.controllers")) ? new CgroupV2(root) : new CgroupV1(root);
    }
}

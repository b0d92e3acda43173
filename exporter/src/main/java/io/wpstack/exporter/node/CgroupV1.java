package io.wpstack.exporter.node;

import static io.wpstack.exporter.node.CgroupFiles.get;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cgroup v1 host (or a hybrid one, whose dockerd uses the v1 controllers): one hierarchy per controller,
 * the container's cgroup {@code docker/ID} (cgroupfs driver) or {@code system.slice/docker-ID.scope}
 * (systemd) under each. The cpu and cpuacct controllers are mounted together ({@code cpu,cpuacct}) on most
 * distributions, apart on some. Reads cpuacct.usage, cpu.stat, memory.usage_in_bytes, memory.stat,
 * memory.limit_in_bytes, memory.oom_control and blkio.throttle.io_service_bytes.
 */
public final class CgroupV1 implements CgroupReader {
    /** memory.limit_in_bytes without a limit: the largest page-aligned long, or more. */
    private static final double NO_LIMIT = 0x7FFF_FFFF_FFFF_F000L;

    private final Path cpu;
    private final Path cpuacct;
    private final Path memory;
    private final Path blkio;
    private final Map<String, String> relative = new HashMap<>();

    CgroupV1(Path root) {
        this.cpu = controller(root, "cpu", "cpu,cpuacct", "cpuacct,cpu");
        this.cpuacct = controller(root, "cpuacct", "cpu,cpuacct", "cpuacct,cpu");
        this.memory = root.resolve("memory");
        this.blkio = root.resolve("blkio");
    }

    private static Path controller(Path root, String... names) {
        for (String name : names) {
            if (Files.isDirectory(root.resolve(name))) {
                return root.resolve(name);
            }
        }
        return root.resolve(names[0]);
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public Optional<CgroupStats> read(String id) {
        String path = relative.get(id);
        if (path == null) {
            path = find(id);
            if (path == null) {
                return Optional.empty();
            }
            relative.put(id, path);
        }
        Path memoryDir = memory.resolve(path);
        Map<String, Double> stat = CgroupFiles.keyValues(memoryDir.resolve("memory.stat"));
        if (stat.isEmpty()) {
            relative.remove(id);
            return Optional.empty();
        }
        Map<String, Double> cpuStat = CgroupFiles.keyValues(cpu.resolve(path).resolve("cpu.stat"));
        double limit = CgroupFiles.number(memoryDir.resolve("memory.limit_in_bytes"));
        double usage = CgroupFiles.number(memoryDir.resolve("memory.usage_in_bytes"));
        return Optional.of(new CgroupStats(
                CgroupFiles.number(cpuacct.resolve(path).resolve("cpuacct.usage")) / 1e9,
                get(cpuStat, "nr_periods"),
                get(cpuStat, "nr_throttled"),
                get(cpuStat, "throttled_time") / 1e9,
                CgroupStats.workingSet(usage, get(stat, "total_inactive_file")),
                get(stat, "total_rss"),
                get(stat, "total_cache"),
                limit >= NO_LIMIT ? Double.NaN : limit,
                get(CgroupFiles.keyValues(memoryDir.resolve("memory.oom_control")), "oom_kill"),
                serviceBytes(CgroupFiles.text(blkio.resolve(path).resolve("blkio.throttle.io_service_bytes")))));
    }

    private String find(String id) {
        return CgroupFiles.containerCgroup(memory, id);
    }

    /** blkio.throttle.io_service_bytes lines: "8:0 Read 4096", "8:0 Write 0", ..., "Total 4096". */
    static List<CgroupStats.Blkio> serviceBytes(String text) {
        Map<String, double[]> devices = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                String[] fields = line.strip().split(" ");
                if (fields.length != 3 || fields[0].indexOf(':') < 0) {
                    continue;
                }
                double[] bytes = devices.computeIfAbsent(fields[0], device -> new double[2]);
                switch (fields[1]) {
                    case "Read" -> bytes[0] = CgroupFiles.parse(fields[2]);
                    case "Write" -> bytes[1] = CgroupFiles.parse(fields[2]);
                    default -> {}
                }
            }
        }
        List<CgroupStats.Blkio> result = new ArrayList<>();
        devices.forEach((device, bytes) -> result.add(new CgroupStats.Blkio(device, bytes[0], bytes[1])));
        return result;
    }

    @Override
    public void retain(Set<String> ids) {
        relative.keySet().retainAll(ids);
    }
}

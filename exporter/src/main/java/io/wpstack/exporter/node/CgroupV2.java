package io.wpstack.exporter.node;

import static io.wpstack.exporter.node.CgroupFiles.get;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cgroup v2 host: the container's cgroup is {@code ROOT/docker/ID} (dockerd's cgroupfs driver) or
 * {@code ROOT/system.slice/docker-ID.scope} (systemd driver). Reads cpu.stat, memory.current, memory.stat,
 * memory.max, memory.events and io.stat.
 */
public final class CgroupV2 implements CgroupReader {
    private final Path root;
    private final Map<String, Path> dirs = new HashMap<>();

    CgroupV2(Path root) {
        this.root = root;
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public Optional<CgroupStats> read(String id) {
        Path dir = dirs.get(id);
        if (dir == null) {
            dir = find(id);
            if (dir == null) {
                return Optional.empty();
            }
            dirs.put(id, dir);
        }
        Map<String, Double> cpu = CgroupFiles.keyValues(dir.resolve("cpu.stat"));
        if (cpu.isEmpty()) {
            dirs.remove(id); // removed since: look again next time
            return Optional.empty();
        }
        Map<String, Double> memory = CgroupFiles.keyValues(dir.resolve("memory.stat"));
        Map<String, Double> events = CgroupFiles.keyValues(dir.resolve("memory.events"));
        double usage = CgroupFiles.number(dir.resolve("memory.current"));
        return Optional.of(new CgroupStats(
                get(cpu, "usage_usec") / 1e6,
                get(cpu, "nr_periods"),
                get(cpu, "nr_throttled"),
                get(cpu, "throttled_usec") / 1e6,
                CgroupStats.workingSet(usage, get(memory, "inactive_file")),
                get(memory, "anon"),
                get(memory, "file"),
                CgroupFiles.number(dir.resolve("memory.max")),
                get(events, "oom_kill"),
                io(CgroupFiles.text(dir.resolve("io.stat")))));
    }

    private Path find(String id) {
        String relative = CgroupFiles.containerCgroup(root, id);
        return relative == null ? null : root.resolve(relative);
    }

    /** io.stat lines: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0". */
    static List<CgroupStats.Blkio> io(String text) {
        List<CgroupStats.Blkio> devices = new ArrayList<>();
        if (text == null) {
            return devices;
        }
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length < 2 || fields[0].indexOf(':') < 0) {
                continue;
            }
            double read = 0;
            double write = 0;
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].startsWith("rbytes=")) {
                    read = CgroupFiles.parse(fields[i].substring("rbytes=".length()));
                } else if (fields[i].startsWith("wbytes=")) {
                    write = CgroupFiles.parse(fields[i].substring("wbytes=".length()));
                }
            }
            devices.add(new CgroupStats.Blkio(fields[0], read, write));
        }
        return devices;
    }

    @Override
    public void retain(Set<String> ids) {
        dirs.keySet().retainAll(ids);
    }
}

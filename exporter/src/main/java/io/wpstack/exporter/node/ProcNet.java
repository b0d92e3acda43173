package io.wpstack.exporter.node;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's network counters: {@code PROC/PID/net/dev} of one of its processes, which shows the
 * container's network namespace. The pid is found by scanning {@code PROC/[0-9]*}/cgroup for the container
 * id, once for all the containers not yet known, and cached; each read checks first that the cached pid
 * still belongs to the container (pids are reused). The cgroup's own cgroup.procs is no help from a
 * container: pids of another pid namespace show there as 0.
 */
public final class ProcNet {
    /** Per-interface counters from one line of net/dev. */
    public record Interface(
            String name, double receiveBytes, double receivePackets, double transmitBytes, double transmitPackets) {}

    private final Path proc;
    private final Map<String, String> pids = new HashMap<>();

    public ProcNet(Path proc) {
        this.proc = proc;
    }

    /** The interfaces (lo left out) of each of these containers whose process could be found. */
    public Map<String, List<Interface>> read(Collection<String> containerIds) {
        Set<String> missing = new HashSet<>();
        for (String id : containerIds) {
            String pid = pids.get(id);
            if (pid == null || !belongsTo(pid, id)) {
                pids.remove(id);
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            scan(missing);
        }
        Map<String, List<Interface>> result = new HashMap<>();
        for (String id : containerIds) {
            String pid = pids.get(id);
            if (pid != null) {
                String text = CgroupFiles.text(proc.resolve(pid).resolve("net/dev"));
                if (text != null) {
                    result.put(id, parse(text));
                }
            }
        }
        return result;
    }

    /**
     * The host's own interfaces (lo left out): those of PROC's pid 1, which lives in the host's network
     * namespace when PROC is the host's /proc, whatever namespace this process runs in. Empty when unreadable.
     */
    public List<Interface> host() {
        String text = CgroupFiles.text(proc.resolve("1").resolve("net/dev"));
        return text == null ? List.of() : parse(text);
    }

    /** Forgets every container but these. */
    public void retain(Set<String> containerIds) {
        pids.keySet().retainAll(containerIds);
    }

    private boolean belongsTo(String pid, String id) {
        String cgroup = CgroupFiles.text(proc.resolve(pid).resolve("cgroup"));
        return cgroup != null && cgroup.contains(id);
    }

    /** One pass over PROC's pids, for every container in MISSING. */
    private void scan(Set<String> missing) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, ProcNet::isPid)) {
            for (Path entry : entries) {
                String cgroup = CgroupFiles.text(entry.resolve("cgroup"));
                if (cgroup == null) {
                    continue;
                }
                String found = null;
                for (String id : missing) {
                    if (cgroup.contains(id)) {
                        found = id;
                        break;
                    }
                }
                if (found != null) {
                    pids.put(found, entry.getFileName().toString());
                    missing.remove(found);
                    if (missing.isEmpty()) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // PROC not readable: no network series, the rest still served
        }
    }

    private static boolean isPid(Path entry) {
        String name = entry.getFileName().toString();
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /**
     * net/dev: two header lines, then "  eth0: rbytes rpackets errs drop fifo frame compressed multicast
     * tbytes tpackets ...".
     */
    static List<Interface> parse(String text) {
        List<Interface> interfaces = new ArrayList<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            if (name.equals("lo")) {
                continue;
            }
            String[] fields = line.substring(colon + 1).strip().split("\\s+");
            if (fields.length < 10) {
                continue;
            }
            interfaces.add(new Interface(
                    name,
                    CgroupFiles.parse(fields[0]),
                    CgroupFiles.parse(fields[1]),
                    CgroupFiles.parse(fields[8]),
                    CgroupFiles.parse(fields[9])));
        }
        return interfaces;
    }
}

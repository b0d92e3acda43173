package io.wpstack.exporter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcNetTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void findsEachContainersProcessByItsCgroupAndLeavesLoOut() {
        Map<String, List<ProcNet.Interface>> read = new ProcNet(NodeGoldenCasesTest.CASES.resolve("v2/proc"))
                .read(List.of(CgroupReaderTest.REPLICA, CgroupReaderTest.GLOBAL, A));
        assertEquals(
                List.of(
                        new ProcNet.Interface("eth0", 1016, 12, 0, 0),
                        new ProcNet.Interface("eth1", 123456, 789, 65432, 321)),
                read.get(CgroupReaderTest.REPLICA));
        assertEquals(1, read.get(CgroupReaderTest.GLOBAL).size());
        assertTrue(!read.containsKey(A), "no process of A: no network series");
    }

    @Test
    void aReusedPidIsNoticedAndTheContainerFoundAgain(@TempDir Path proc) throws IOException {
        process(proc, "100", "0::/docker/" + A, 10);
        process(proc, "200", "0::/system.slice/docker-" + B + ".scope", 20);
        ProcNet network = new ProcNet(proc);
        assertEquals(10, network.read(List.of(A, B)).get(A).getFirst().receiveBytes());
        // A's process ends; its pid goes to B's new process; A has another one
        process(proc, "100", "0::/system.slice/docker-" + B + ".scope", 30);
        process(proc, "300", "12:memory:/docker/" + A + "\n0::/docker/" + A, 40);
        Map<String, List<ProcNet.Interface>> read = network.read(List.of(A, B));
        assertEquals(40, read.get(A).getFirst().receiveBytes());
        assertEquals(20, read.get(B).getFirst().receiveBytes(), "B's own cached pid still holds");
    }

    private static void process(Path proc, String pid, String cgroup, int bytes) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(pid).resolve("net"));
        Files.writeString(dir.getParent().resolve("cgroup"), cgroup + "\n");
        Files.writeString(dir.resolve("dev"), """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:     999       9    0    0    0     0          0         0      999       9    0    0    0     0       0          0
                  eth0: %d       1    0    0    0     0          0         0        2       1    0    0    0     0       0          0
                """.formatted(bytes));
    }
}

package io.wpstack.exporter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v1 and v2 readers over the fixture trees of src/test/resources/node. */
class CgroupReaderTest {
    static final String REPLICA = "fb3f5fd0c2478b50903e3feb69318cd36c461fb6207642f6bb8f531c045499f9";
    static final String GLOBAL = "a01358f132e91de515f974d3f1ffc57975668a2fa0fd6fa824684802cabfafa3";
    static final String OOMED = "ca0f88d3bf883a2297cfa86e83329818083cdaad3fa0a6afbbcddb537d913b3f";
    private static final Path V1 = NodeGoldenCasesTest.CASES.resolve("v1/cgroup");
    private static final Path V2 = NodeGoldenCasesTest.CASES.resolve("v2/cgroup");

    @Test
    void aUnifiedHierarchyIsReadAsV2AndAHybridOneAsV1() {
        assertInstanceOf(CgroupV2.class, CgroupReader.at(V2));
        assertInstanceOf(CgroupV1.class, CgroupReader.at(V1));
    }

    @Test
    void v2ReadsCpuThrottlingMemoryAndIoOfTheCgroupfsDriversCgroup() {
        CgroupStats stats = CgroupReader.at(V2).read(REPLICA).orElseThrow();
        assertEquals(5.25, stats.cpuSeconds());
        assertEquals(1200, stats.cpuPeriods());
        assertEquals(300, stats.cpuThrottledPeriods());
        assertEquals(1.5, stats.cpuThrottledSeconds());
        assertEquals(1564672 - 524288, stats.workingSet(), "memory.current less inactive_file");
        assertEquals(409600, stats.rss());
        assertEquals(1044480, stats.cache());
        assertEquals(64 << 20, stats.limit());
        assertEquals(0, stats.oomKills());
        assertEquals(
                List.of(new CgroupStats.Blkio("254:0", 4096, 8192), new CgroupStats.Blkio("7:1", 1024, 0)),
                stats.blkio());
        assertEquals(2, CgroupReader.at(V2).read(OOMED).orElseThrow().oomKills());
    }

    @Test
    void v2FindsTheSystemdDriversScopeAndReadsMaxAsNoLimit() {
        CgroupStats stats = CgroupReader.at(V2).read(GLOBAL).orElseThrow();
        assertTrue(Double.isNaN(stats.limit()));
        assertEquals(258048, stats.workingSet());
    }

    @Test
    void v1ReadsCpuacctCpuMemoryAndBlkioFromSeparateHierarchies() throws IOException {
        CgroupStats stats = CgroupReader.at(V1).read(REPLICA).orElseThrow();
        Path memory = V1.resolve("memory/docker").resolve(REPLICA);
        double usage = Double.parseDouble(
                Files.readString(memory.resolve("memory.usage_in_bytes")).strip());
        assertEquals(
                Double.parseDouble(Files.readString(V1.resolve("cpuacct/docker")
                                        .resolve(REPLICA)
                                        .resolve("cpuacct.usage"))
                                .strip())
                        / 1e9,
                stats.cpuSeconds());
        assertEquals(
                usage - CgroupFiles.get(CgroupFiles.keyValues(memory.resolve("memory.stat")), "total_inactive_file"),
                stats.workingSet());
        assertEquals(CgroupFiles.get(CgroupFiles.keyValues(memory.resolve("memory.stat")), "total_rss"), stats.rss());
        assertEquals(64 << 20, stats.limit());
        assertEquals(0, stats.oomKills());
        assertEquals(List.of(new CgroupStats.Blkio("254:0", 4096, 8192)), stats.blkio());
        assertTrue(Double.isNaN(CgroupReader.at(V1).read(GLOBAL).orElseThrow().limit()), "no limit: no series");
    }

    @Test
    void v1ReadsTheCombinedCpuCpuacctHierarchyOfMostDistributions(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("cpu,cpuacct/docker").resolve(REPLICA));
        Files.writeString(dir.resolve("cpuacct.usage"), "2500000000\n");
        Files.writeString(dir.resolve("cpu.stat"), "nr_periods 10\nnr_throttled 4\nthrottled_time 300000000\n");
        Path memory = Files.createDirectories(root.resolve("memory/docker").resolve(REPLICA));
        Files.writeString(memory.resolve("memory.stat"), "total_rss 100\ntotal_cache 50\ntotal_inactive_file 20\n");
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "150\n");
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        CgroupStats stats = CgroupReader.at(root).read(REPLICA).orElseThrow();
        assertEquals(2.5, stats.cpuSeconds());
        assertEquals(4, stats.cpuThrottledPeriods());
        assertEquals(0.3, stats.cpuThrottledSeconds());
        assertEquals(130, stats.workingSet());
        assertTrue(Double.isNaN(stats.limit()), "the kernel's 'no limit' value");
        assertTrue(Double.isNaN(stats.oomKills()), "no memory.oom_control: no series");
    }

    @Test
    void aDaemonWithACgroupParentHasItsContainersFoundOneLevelDown(@TempDir Path root) throws IOException {
        // dockerd --cgroup-parent=/node-1 (a Docker-in-Docker node's), cgroup v1
        Path memory = Files.createDirectories(root.resolve("memory/node-1").resolve(REPLICA));
        Files.writeString(memory.resolve("memory.stat"), "total_rss 100\ntotal_cache 50\ntotal_inactive_file 20\n");
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "150\n");
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "1048576\n");
        Files.createDirectories(root.resolve("cpu,cpuacct/node-1").resolve(REPLICA));
        assertEquals(1048576, CgroupReader.at(root).read(REPLICA).orElseThrow().limit());
        // cgroup v2, a custom slice of the systemd driver
        Path v2 = Files.createDirectories(root.resolve("v2"));
        Files.writeString(v2.resolve("cgroup.controllers"), "cpu memory io\n");
        Path scope = Files.createDirectories(v2.resolve("wpstack.slice/docker-" + GLOBAL + ".scope"));
        Files.writeString(scope.resolve("cpu.stat"), "usage_usec 2000000\n");
        assertEquals(2.0, CgroupReader.at(v2).read(GLOBAL).orElseThrow().cpuSeconds());
    }

    @Test
    void aContainerWithoutCgroupIsEmptyAndItsCachedPathIsForgotten(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory io\n");
        Path dir = Files.createDirectories(root.resolve("docker").resolve(REPLICA));
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 1000000\n");
        CgroupReader reader = CgroupReader.at(root);
        assertEquals(1.0, reader.read(REPLICA).orElseThrow().cpuSeconds());
        Files.delete(dir.resolve("cpu.stat"));
        Files.delete(dir);
        assertTrue(reader.read(REPLICA).isEmpty());
        assertTrue(reader.read(GLOBAL).isEmpty());
        reader.retain(Set.of());
    }
}

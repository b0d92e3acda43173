package io.wpstack.exporter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.exporter.docker.ApiRequestCounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCollectorTest {
    private static final Path V1 = NodeGoldenCasesTest.CASES.resolve("v1");

    @Test
    void inspectsEachContainerThatExitedWith137OnceAcrossScrapes() throws IOException {
        ApiRequestCounter requests = new ApiRequestCounter();
        FixtureApi api = new FixtureApi(V1, requests);
        NodeCollector collector = NodeFixtures.collector(V1, api, requests);
        NodeSnapshot first = collector.scrape();
        NodeSnapshot second = collector.scrape();
        assertEquals(3, api.inspected.size());
        assertEquals(3, second.oomKilled().size());
        assertEquals(first.oomKilled(), second.oomKilled());
        assertEquals(2L, second.requests().get(new ApiRequestCounter.Key("containers", "success")));
    }

    @Test
    void forgetsContainersTheEngineNoLongerListsSoTheyAreInspectedAgainIfTheyReturn() throws IOException {
        ApiRequestCounter requests = new ApiRequestCounter();
        FixtureApi api = new FixtureApi(V1, requests);
        NodeCollector collector = NodeFixtures.collector(V1, api, requests);
        List<TaskContainer> all = api.containers;
        collector.scrape();
        api.containers = List.of();
        assertTrue(collector.scrape().oomKilled().isEmpty());
        api.containers = all;
        collector.scrape();
        assertEquals(6, api.inspected.size(), "the cache was pruned to the listed containers");
    }

    @Test
    void aContainerThatStoppedSinceTheLastScrapeLosesItsSeriesThoughItsFilesWereReadAhead() throws IOException {
        ApiRequestCounter requests = new ApiRequestCounter();
        FixtureApi api = new FixtureApi(V1, requests);
        NodeCollector collector = NodeFixtures.collector(V1, api, requests);
        assertTrue(collector.scrape().cgroups().containsKey(CgroupReaderTest.REPLICA));
        api.containers = api.containers.stream()
                .filter(container -> !container.id().equals(CgroupReaderTest.REPLICA))
                .toList();
        NodeSnapshot next = collector.scrape();
        assertFalse(next.cgroups().containsKey(CgroupReaderTest.REPLICA));
        assertFalse(next.networks().containsKey(CgroupReaderTest.REPLICA));
        assertEquals(2, next.cgroups().size());
    }

    @Test
    void anUnreachableEngineServesUpZeroAndKeepsTheCaches() throws IOException {
        ApiRequestCounter requests = new ApiRequestCounter();
        FixtureApi api = new FixtureApi(V1, requests);
        NodeCollector collector = NodeFixtures.collector(V1, api, requests);
        collector.scrape();
        api.down = true;
        NodeSnapshot down = collector.scrape();
        assertFalse(down.up());
        assertTrue(down.containers().isEmpty());
        api.down = false;
        collector.scrape();
        assertEquals(3, api.inspected.size(), "the exits were kept while the Engine was away");
    }

    @Test
    void restartsCountTheEarlierContainersOfASlotOnItsNewestContainer() throws IOException {
        String out = new String(
                io.wpstack.exporter.metrics.Exposition.write(
                        ContainerFamilies.families(NodeFixtures.scrape("v1")),
                        io.wpstack.exporter.metrics.Exposition.Format.TEXT),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(
                out.contains(
                        "docker_container_restarts{container_id=\"8475326ea08b\",node=\"node-1\",service=\"h-node-fixoom\",slot=\"1\",stack=\"\"} 2.0\n"),
                out);
    }
}

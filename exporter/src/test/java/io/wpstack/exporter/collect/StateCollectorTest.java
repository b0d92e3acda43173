package io.wpstack.exporter.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.engine.DockerException;
import io.wpstack.exporter.docker.SwarmApi;
import io.wpstack.exporter.swarm.SwarmState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StateCollectorTest {
    private static final SwarmState EMPTY = new SwarmState(List.of(), List.of(), List.of());

    /** Our own seam, scripted: each fetch takes the next outcome. */
    private static final class ScriptedApi implements SwarmApi {
        final AtomicInteger fetches = new AtomicInteger();
        final List<Object> outcomes;
        CountDownLatch release = new CountDownLatch(0);

        ScriptedApi(Object... outcomes) {
            this.outcomes = new ArrayList<>(List.of(outcomes));
        }

        @Override
        public SwarmState fetch(Duration timeout) throws DockerException {
            int call = fetches.getAndIncrement();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Object outcome = outcomes.get(Math.min(call, outcomes.size() - 1));
            if (outcome instanceof DockerException e) {
                throw e;
            }
            return (SwarmState) outcome;
        }

        @Override
        public String endpoint() {
            return "unix:///test.sock";
        }
    }

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Log log = new Log(new PrintStream(logged, true, StandardCharsets.UTF_8));
    private final AtomicLong now = new AtomicLong();

    private StateCollector collector(SwarmApi api, Duration minRefresh) {
        return new StateCollector(api, Duration.ofSeconds(1), minRefresh, now::get, log);
    }

    private static DockerException unreachable() {
        return new DockerException.Unreachable("unix:///test.sock", new IOException("Connection refused"));
    }

    @Test
    void concurrentScrapesShareOneCollection() throws Exception {
        ScriptedApi api = new ScriptedApi(EMPTY);
        api.release = new CountDownLatch(1);
        StateCollector collector = collector(api, Duration.ZERO);
        try (ExecutorService scrapes = Executors.newFixedThreadPool(4)) {
            List<Future<Collection>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(scrapes.submit(collector::collect));
            }
            while (api.fetches.get() == 0) {
                Thread.sleep(5);
            }
            Thread.sleep(100); // let the other scrapes arrive while the first is in flight
            api.release.countDown();
            Collection first = results.getFirst().get();
            for (Future<Collection> result : results) {
                assertSame(first, result.get());
            }
        }
        assertEquals(1, api.fetches.get());
    }

    @Test
    void scrapesWithinTheMinimumRefreshIntervalGetTheLastResult() {
        ScriptedApi api = new ScriptedApi(EMPTY);
        StateCollector collector = collector(api, Duration.ofSeconds(10));
        Collection first = collector.collect();
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertSame(first, collector.collect());
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        collector.collect();
        assertEquals(2, api.fetches.get());
    }

    @Test
    void withoutMinimumRefreshEveryScrapeCollects() {
        ScriptedApi api = new ScriptedApi(EMPTY);
        StateCollector collector = collector(api, Duration.ZERO);
        collector.collect();
        collector.collect();
        assertEquals(2, api.fetches.get());
    }

    @Test
    void aLastingFailureIsLoggedOnceAndRecoveryOnce() {
        ScriptedApi api = new ScriptedApi(unreachable(), unreachable(), unreachable(), EMPTY, EMPTY);
        StateCollector collector = collector(api, Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Collection.Failure.class, collector.collect());
        }
        assertInstanceOf(Collection.Success.class, collector.collect());
        collector.collect();
        String[] lines = logged.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains("WARN collection failed: cannot reach the Docker daemon"), lines[0]);
        assertTrue(lines[1].contains("INFO collection recovered"), lines[1]);
    }

    @Test
    void aBugInCollectionBecomesAFailureNotACrash() {
        SwarmApi broken = new SwarmApi() {
            @Override
            public SwarmState fetch(Duration timeout) {
                throw new IllegalStateException("boom");
            }

            @Override
            public String endpoint() {
                return "unix:///test.sock";
            }
        };
        assertInstanceOf(
                Collection.Failure.class, collector(broken, Duration.ZERO).collect());
    }
}

package io.wpstack.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A steady load through Caddy while something changes: each target is asked by its own streams, one
 * request after the other, from 3 s before the change until AFTER past its end. Every answer other
 * than 200 and every connection error is a failure, kept with what it was.
 */
final class SteadyLoad {
    /** What one stream asks: a name for the figures, the URL and the client (anonymous or with basic auth). */
    record Target(String name, String url, Web web, int streams) {}

    /**
     * One target's figures: requests served, failures, the latencies of every request in ms, and the
     * failure window: from the start of the first failed request to the end of the last (0: none failed),
     * what a visitor saw of an outage.
     */
    record Result(String name, int ok, List<String> failures, List<Long> latenciesMillis, long failureWindowMillis) {
        long percentileMillis(double percentile) {
            if (latenciesMillis.isEmpty()) {
                return 0;
            }
            List<Long> sorted = latenciesMillis.stream().sorted().toList();
            int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }

        @Override
        public String toString() {
            return String.format(
                    "%s: %d ok, %d failed%s, p50 %d ms, p99 %d ms, max %d ms%s",
                    name,
                    ok,
                    failures.size(),
                    failures.isEmpty() ? "" : " within " + failureWindowMillis + " ms",
                    percentileMillis(50),
                    percentileMillis(99),
                    percentileMillis(100),
                    failures.isEmpty()
                            ? ""
                            : " (first failures: " + failures.subList(0, Math.min(3, failures.size())) + ")");
        }
    }

    /** The change's own result and each target's figures. */
    record Outcome<T>(T change, Duration changeTook, Map<String, Result> results) {
        Result of(String name) {
            return results.get(name);
        }
    }

    private SteadyLoad() {}

    static <T> Outcome<T> during(List<Target> targets, Callable<T> change, Duration after) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, List<String>> failures = new LinkedHashMap<>();
        Map<String, List<Long>> latencies = new LinkedHashMap<>();
        // Per target: the start of the first failed request and the end of the last, in ns.
        Map<String, long[]> windows = new LinkedHashMap<>();
        for (Target target : targets) {
            failures.put(target.name(), Collections.synchronizedList(new ArrayList<>()));
            latencies.put(target.name(), Collections.synchronizedList(new ArrayList<>()));
            windows.put(target.name(), new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        }
        int streams = targets.stream().mapToInt(Target::streams).sum();
        T result;
        long changeNanos;
        try (ExecutorService clients = Executors.newFixedThreadPool(streams)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Target target : targets) {
                for (int i = 0; i < target.streams(); i++) {
                    futures.add(clients.submit(() -> {
                        while (running.get()) {
                            long start = System.nanoTime();
                            String failure = null;
                            try {
                                int code = target.web().get(target.url()).statusCode();
                                if (code != 200) {
                                    failure = "HTTP " + code;
                                }
                            } catch (IOException e) {
                                failure = e.toString();
                            }
                            long end = System.nanoTime();
                            if (failure != null) {
                                failures.get(target.name()).add(failure);
                                long[] window = windows.get(target.name());
                                synchronized (window) {
                                    window[0] = Math.min(window[0], start);
                                    window[1] = Math.max(window[1], end);
                                }
                            }
                            latencies.get(target.name()).add((end - start) / 1_000_000);
                        }
                    }));
                }
            }
            try {
                Thread.sleep(3_000);
                long start = System.nanoTime();
                result = change.call();
                changeNanos = System.nanoTime() - start;
                Thread.sleep(after.toMillis());
            } finally {
                // A change that throws must stop the streams too, or closing the pool waits forever.
                running.set(false);
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (Target target : targets) {
            List<Long> all = List.copyOf(latencies.get(target.name()));
            List<String> failed = List.copyOf(failures.get(target.name()));
            long[] window = windows.get(target.name());
            long windowMillis = failed.isEmpty() ? 0 : (window[1] - window[0]) / 1_000_000;
            results.put(
                    target.name(), new Result(target.name(), all.size() - failed.size(), failed, all, windowMillis));
        }
        return new Outcome<>(result, Duration.ofNanos(changeNanos), results);
    }
}

package io.wpstack.exporter.docker;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts Engine API requests by endpoint and result, for docker_swarm_exporter_api_requests_total. */
public final class ApiRequestCounter {
    public record Key(String endpoint, String result) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byEndpoint = endpoint.compareTo(other.endpoint);
            return byEndpoint != 0 ? byEndpoint : result.compareTo(other.result);
        }
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    public void record(String endpoint, String result) {
        counts.computeIfAbsent(new Key(endpoint, result), k -> new LongAdder()).increment();
    }

    public Map<Key, Long> snapshot() {
        Map<Key, Long> result = new TreeMap<>();
        counts.forEach((key, count) -> result.put(key, count.sum()));
        return result;
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }
}

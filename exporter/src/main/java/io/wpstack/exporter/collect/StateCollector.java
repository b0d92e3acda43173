package io.wpstack.exporter.collect;

import io.wpstack.engine.DockerException;
import io.wpstack.exporter.docker.SwarmApi;
import io.wpstack.exporter.swarm.SwarmState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Collects at scrape time, never in the background. Concurrent scrapes share the one collection
 * in flight; with a minimum refresh interval, scrapes in between get the last result. Logs a
 * failure once when it starts (not every scrape) and once when collection recovers.
 */
public final class StateCollector {
    private final SwarmApi api;
    private final Duration timeout;
    private final long minRefreshNanos;
    private final LongSupplier nanoTime;
    private final Log log;

    private CompletableFuture<Collection> inFlight;
    private Collection last;
    private long lastNanos;

    public StateCollector(SwarmApi api, Duration timeout, Duration minRefresh, LongSupplier nanoTime, Log log) {
        this.api = api;
        this.timeout = timeout;
        this.minRefreshNanos = minRefresh.toNanos();
        this.nanoTime = nanoTime;
        this.log = log;
    }

    public Collection collect() {
        CompletableFuture<Collection> shared;
        boolean owner = false;
        synchronized (this) {
            if (inFlight != null) {
                shared = inFlight;
            } else if (last != null && minRefreshNanos > 0 && nanoTime.getAsLong() - lastNanos < minRefreshNanos) {
                return last;
            } else {
                shared = new CompletableFuture<>();
                inFlight = shared;
                owner = true;
            }
        }
        if (owner) {
            Collection result = run();
            synchronized (this) {
                reportTransition(last, result);
                last = result;
                lastNanos = nanoTime.getAsLong();
                inFlight = null;
            }
            shared.complete(result);
            return result;
        }
        return shared.join();
    }

    public synchronized Optional<Collection> last() {
        return Optional.ofNullable(last);
    }

    public String endpoint() {
        return api.endpoint();
    }

    private Collection run() {
        long start = nanoTime.getAsLong();
        try {
            SwarmState state = api.fetch(timeout);
            return new Collection.Success(state, Duration.ofNanos(nanoTime.getAsLong() - start));
        } catch (DockerException e) {
            return new Collection.Failure(e, Duration.ofNanos(nanoTime.getAsLong() - start));
        } catch (RuntimeException e) {
            // A bug must not take the exporter down: report it as malformed data and keep serving.
            return new Collection.Failure(
                    new DockerException.Malformed(api.endpoint(), "(collection)", e),
                    Duration.ofNanos(nanoTime.getAsLong() - start));
        }
    }

    private void reportTransition(Collection previous, Collection current) {
        switch (current) {
            case Collection.Failure failure -> {
                boolean sameAsBefore = previous instanceof Collection.Failure before
                        && before.error().kind().equals(failure.error().kind());
                if (!sameAsBefore) {
                    log.warn("collection failed: " + failure.error().getMessage());
                }
            }
            case Collection.Success success -> {
                if (!(previous instanceof Collection.Success)) {
                    SwarmState state = success.state();
                    log.info((previous == null ? "connected to " : "collection recovered: ") + api.endpoint() + ", "
                            + state.nodes().size() + " nodes, "
                            + state.services().size() + " services, "
                            + state.tasks().size() + " tasks, in "
                            + success.took().toMillis() + " ms");
                }
            }
        }
    }
}

package io.wpstack.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes, then says what it waited for. */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private Poll() {}

    /** Waits until {@code done} holds; returns how long that took. */
    public static Duration until(String what, Duration timeout, BooleanSupplier done) {
        return until(what, timeout, done, () -> "");
    }

    /**
     * Waits until {@code done} holds; returns how long that took. On timeout throws a {@link ClusterException}
     * naming {@code what} and carrying {@code diagnostics} (e.g. a log tail).
     */
    public static Duration until(String what, Duration timeout, BooleanSupplier done, Supplier<String> diagnostics) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String details = diagnostics.get();
                throw new ClusterException("gave up after " + timeout + " waiting for " + what
                        + (details.isBlank() ? "" : "\n" + details.strip()));
            }
            sleep(INTERVAL);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while polling", e);
        }
    }
}

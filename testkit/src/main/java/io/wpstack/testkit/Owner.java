package io.wpstack.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that created a cluster, stored as a label on every resource so that a later run can tell the
 * leftovers of a crashed run (owner gone) from a cluster another test is using right now (owner alive).
 */
record Owner(String host, long pid, long startMillis) {
    static final String LABEL = "wpstack-it.owner";
    private static final long START_TOLERANCE_MILLIS = 2_000;

    static Owner current() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(hostname(), self.pid(), startMillis(self));
    }

    /** {@code pid@startMillis@host}; parsed back by {@link #parse}. */
    String label() {
        return pid + "@" + startMillis + "@" + host;
    }

    static Optional<Owner> parse(String label) {
        String[] parts = label.split("@", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the owner may still be running. An owner on another host (e.g. another container's PID
     * namespace) cannot be checked, so it counts as alive: the sweep never removes what it cannot prove dead.
     */
    boolean mayBeAlive() {
        if (!host.equals(hostname())) {
            return true;
        }
        return ProcessHandle.of(pid)
                .map(handle -> Math.abs(startMillis(handle) - startMillis) < START_TOLERANCE_MILLIS)
                .orElse(false);
    }

    private static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static String hostname() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}

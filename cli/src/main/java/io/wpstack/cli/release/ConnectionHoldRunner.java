package io.wpstack.cli.release;

import io.wpstack.cli.docker.DockerReads;
import io.wpstack.cli.docker.ProgramOutput;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Applies a {@link ConnectionHold} around a deploy: the rules go in before it; a watcher takes them out as
 * soon as a new Caddy container (not one of those running before) accepts connections on its own address,
 * and {@link #close()} takes them out in any case; {@link #report()} says what happened, in one line.
 */
public final class ConnectionHoldRunner implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);
    /** How long the hold stays once the new Caddy accepts on its own address. */
    private static final Duration SETTLE = Duration.ofMillis(500);

    private final String stack;
    private final String service;
    private final int probePort;
    private final DockerReads docker;
    private final Set<String> before;
    private volatile long heldAt;
    private volatile boolean held;
    private Thread watcher;
    /** The report, once the rules are out. */
    private volatile String released;

    private volatile boolean stopped;
    private volatile Process events;

    private ConnectionHoldRunner(String stack, int probePort, DockerReads docker, Set<String> before) {
        this.stack = stack;
        this.service = stack + "_caddy";
        this.probePort = probePort;
        this.docker = docker;
        this.before = before;
    }

    /**
     * Watches STACK's Caddy through a deploy: once Docker kills a Caddy container that ran before (stop-first:
     * the first step of its update), new connections to PORTS are held until a new Caddy container accepts on
     * PROBE_PORT (its own port for HTTP), at most {@link ConnectionHold#LIMIT_SECONDS}. When iptables refuses,
     * WARN says so and the roll goes on without a hold.
     */
    public static ConnectionHoldRunner start(
            String stack, List<Integer> ports, int probePort, DockerReads docker, Consumer<String> warn) {
        removeLeftovers(stack);
        String service = stack + "_caddy";
        Set<String> before = docker.runningContainerAddresses(service).keySet();
        var runner = new ConnectionHoldRunner(stack, probePort, docker, Set.copyOf(before));
        runner.watcher = Thread.ofVirtual().name("caddy-hold").start(() -> runner.watch(ports, warn));
        return runner;
    }

    private void watch(List<Integer> ports, Consumer<String> warn) {
        try {
            if (!awaitKill()) {
                return;
            }
            heldAt = System.nanoTime();
            Instant until = Instant.now().plusSeconds(ConnectionHold.LIMIT_SECONDS);
            for (List<String> argv : ConnectionHold.insert(stack, ports, until)) {
                Optional<String> failure = run(argv);
                if (failure.isPresent()) {
                    removeLeftovers(stack);
                    warn.accept("cannot hold new connections while Caddy restarts (" + failure.get()
                            + "); its roll refuses them for about a second");
                    return;
                }
            }
            held = true;
            long deadline = heldAt + TimeUnit.SECONDS.toNanos(ConnectionHold.LIMIT_SECONDS - 2);
            while (!stopped && System.nanoTime() < deadline) {
                for (Map.Entry<String, List<String>> container :
                        docker.runningContainerAddresses(service).entrySet()) {
                    if (!before.contains(container.getKey()) && accepts(container.getValue())) {
                        // Measured: the published port still refused for about 0.15 s after the container's
                        // own address accepted; the held clients resend at 1 s and 3 s anyway.
                        Thread.sleep(SETTLE);
                        release("the new Caddy accepted connections");
                        return;
                    }
                }
                Thread.sleep(POLL);
            }
            if (!stopped) {
                release("no new Caddy accepted connections within " + (ConnectionHold.LIMIT_SECONDS - 2) + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            release("the watch failed: " + e.getMessage());
        }
    }

    /**
     * Waits for Docker's kill of one of the Caddy containers that ran before (the stop of its update), as
     * {@code docker events} reports it; false when up stopped watching first. Caddy's shutdown_delay
     * (config/caddy/Caddyfile) keeps it serving a second after that signal, while the rules go in.
     */
    private boolean awaitKill() {
        List<String> argv = List.of(
                "docker",
                "events",
                "--filter",
                "type=container",
                "--filter",
                "event=kill",
                "--filter",
                "label=com.docker.swarm.service.name=" + service,
                "--format",
                "{{.ID}}");
        try {
            events = new ProcessBuilder(argv)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (var lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (!stopped && (line = lines.readLine()) != null) {
                    if (before.contains(line.strip())) {
                        return !stopped;
                    }
                }
                return false;
            }
        } catch (IOException e) {
            return false;
        } finally {
            if (events != null) {
                events.destroy();
            }
        }
    }

    private boolean accepts(List<String> addresses) {
        for (String address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, probePort), 200);
                return true;
            } catch (IOException e) {
                // not yet listening
            }
        }
        return false;
    }

    private synchronized void release(String why) {
        if (released != null || !held) {
            return;
        }
        removeLeftovers(stack);
        released = String.format(
                "held new connections to Caddy's ports for %.1f s while it restarted (%s); clients waited for"
                        + " their SYN's resend instead of being refused",
                (System.nanoTime() - heldAt) / 1e9, why);
    }

    /** What happened, once {@link #close()} returned. */
    public String report() {
        return released == null ? "" : released;
    }

    /** Stops the watcher and takes the rules out, whatever it did. */
    @Override
    public void close() {
        stopped = true;
        Process watching = events;
        if (watching != null) {
            watching.destroy();
        }
        try {
            watcher.join(Duration.ofSeconds(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release("the deploy ended first");
        removeLeftovers(stack);
    }

    private static void removeLeftovers(String stack) {
        String listing =
                ProgramOutput.run(ConnectionHold.list(), System.getenv(), null).out();
        ConnectionHold.remove(stack, listing).forEach(ConnectionHoldRunner::run);
    }

    /** Runs ARGV (ProgramOutput, this process's environment); empty when it exits 0, else what it said. */
    private static Optional<String> run(List<String> argv) {
        var result = ProgramOutput.run(argv, System.getenv(), null);
        String said = (result.out() + result.err()).strip();
        return result.code() == 0
                ? Optional.empty()
                : Optional.of(String.join(" ", argv.subList(0, Math.min(6, argv.size()))) + "... exited "
                        + result.code() + (said.isEmpty() ? "" : ": " + said));
    }
}

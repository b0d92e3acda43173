package io.wpstack.exporter.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Parses the command line into a {@link Command}; every mistake is a {@link UsageException}. */
public final class Arguments {
    public static final String USAGE = """
            Usage:
              docker-exporter [serve] [--listen [HOST]:PORT] [--min-refresh-interval DURATION]
                                      [--collect-timeout DURATION] [--legacy-metrics]
              docker-exporter check [--stack NAME] [--timeout DURATION] [--interval DURATION]
              docker-exporter node [--listen [HOST]:PORT] [--cgroup-root DIR] [--proc-root DIR]
                                   [--api-timeout DURATION]
              docker-exporter --help | --version

            serve (default)          Serve Swarm state for Prometheus on /metrics.
              --listen               Address to listen on (default :8000).
              --min-refresh-interval Serve the last collection to scrapes closer than this (default 0s: always fresh).
              --collect-timeout      Give up on the Docker API after this long (default 10s).
              --legacy-metrics       Also emit the original exporter's live_NAME / desired_NAME series.
            check                    Wait until every non-job service has all its replicas running.
              --stack                Only services of this stack (default: every service).
              --timeout              Give up after this long; exit 1 (default 5m).
              --interval             Time between checks (default 2s).
            node                     Serve CPU, memory, network and block I/O of this node's Swarm task
                                     containers, from the host's cgroup fs and /proc (run as a global service).
              --listen               Address to listen on (default :8001).
              --cgroup-root          The host's cgroup fs (default /sys/fs/cgroup; /host/sys/fs/cgroup in a container).
              --proc-root            The host's /proc (default /proc; /host/proc in a container).
              --api-timeout          Give up on a Docker API call after this long (default 5s).

            The Docker daemon is found as the docker CLI finds it: DOCKER_HOST (unix:// or tcp://),
            DOCKER_TLS_VERIFY and DOCKER_CERT_PATH. The exporter must talk to a swarm manager.
            Durations: 500ms, 10s, 5m, 1h30m.
            """;

    private Arguments() {}

    public static Command parse(List<String> args) throws UsageException {
        Deque<String> queue = new ArrayDeque<>(args);
        String first = queue.peekFirst();
        if ("check".equals(first)) {
            queue.removeFirst();
            return check(queue);
        }
        if ("node".equals(first)) {
            queue.removeFirst();
            return node(queue);
        }
        if ("serve".equals(first)) {
            queue.removeFirst();
        }
        return serve(queue);
    }

    private static Command serve(Deque<String> args) throws UsageException {
        InetSocketAddress listen = listenAddress(":8000");
        Duration minRefresh = Duration.ZERO;
        Duration collectTimeout = Duration.ofSeconds(10);
        boolean legacy = false;
        while (!args.isEmpty()) {
            String flag = args.removeFirst();
            switch (name(flag)) {
                case "--help", "-h" -> {
                    return new Command.Help();
                }
                case "--version" -> {
                    return new Command.Version();
                }
                case "--listen" -> listen = listenAddress(value(flag, args));
                case "--min-refresh-interval" -> minRefresh = Durations.parse(name(flag), value(flag, args));
                case "--collect-timeout" -> collectTimeout = positive(name(flag), value(flag, args));
                case "--legacy-metrics" -> legacy = true;
                default -> throw unknown(flag);
            }
        }
        return new Command.Serve(listen, minRefresh, collectTimeout, legacy);
    }

    private static Command check(Deque<String> args) throws UsageException {
        String stack = "";
        Duration timeout = Duration.ofMinutes(5);
        Duration interval = Duration.ofSeconds(2);
        Duration collectTimeout = Duration.ofSeconds(10);
        while (!args.isEmpty()) {
            String flag = args.removeFirst();
            switch (name(flag)) {
                case "--help", "-h" -> {
                    return new Command.Help();
                }
                case "--stack" -> stack = value(flag, args);
                case "--timeout" -> timeout = positive(name(flag), value(flag, args));
                case "--interval" -> interval = positive(name(flag), value(flag, args));
                case "--collect-timeout" -> collectTimeout = positive(name(flag), value(flag, args));
                default -> throw unknown(flag);
            }
        }
        return new Command.Check(stack, timeout, interval, collectTimeout);
    }

    private static Command node(Deque<String> args) throws UsageException {
        InetSocketAddress listen = listenAddress(":8001");
        Path cgroupRoot = Path.of("/sys/fs/cgroup");
        Path procRoot = Path.of("/proc");
        Duration apiTimeout = Duration.ofSeconds(5);
        while (!args.isEmpty()) {
            String flag = args.removeFirst();
            switch (name(flag)) {
                case "--help", "-h" -> {
                    return new Command.Help();
                }
                case "--listen" -> listen = listenAddress(value(flag, args));
                case "--cgroup-root" -> cgroupRoot = Path.of(value(flag, args));
                case "--proc-root" -> procRoot = Path.of(value(flag, args));
                case "--api-timeout" -> apiTimeout = positive(name(flag), value(flag, args));
                default -> throw unknown(flag);
            }
        }
        return new Command.Node(listen, cgroupRoot, procRoot, apiTimeout);
    }

    private static String name(String flag) {
        int equals = flag.indexOf('=');
        return equals < 0 ? flag : flag.substring(0, equals);
    }

    /** Accepts both --flag value and --flag=value. */
    private static String value(String flag, Deque<String> args) throws UsageException {
        int equals = flag.indexOf('=');
        if (equals >= 0) {
            return flag.substring(equals + 1);
        }
        if (args.isEmpty() || args.peekFirst().startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args.removeFirst();
    }

    private static Duration positive(String flag, String text) throws UsageException {
        Duration duration = Durations.parse(flag, text);
        if (duration.isZero()) {
            throw new UsageException(flag + " " + text + ": must be more than 0");
        }
        return duration;
    }

    private static UsageException unknown(String flag) {
        return new UsageException("unknown argument " + flag + "; see --help for the flags");
    }

    static InetSocketAddress listenAddress(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException("--listen " + text + ": write it as [HOST]:PORT, e.g. :8000 or 127.0.0.1:8000");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--listen " + text + ": the port must be a number from 0 to 65535");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}

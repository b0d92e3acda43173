package io.wpstack.cli.release;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Caddy's roll without refused connections. Caddy publishes its ports in host mode, so its new task can only
 * bind them once the old one has let go (stop-first): for about a second nothing listens, and a new
 * connection is refused. While Caddy restarts, {@code up} drops the SYN of every new connection to those
 * ports (iptables, raw table, before Docker's NAT and conntrack see it); the client's TCP stack sends it again
 * (after 1 s, then 3 s) and reaches the new Caddy: a wait instead of an error. The technique is HAProxy's
 * reload by dropped SYNs. Connections already open are not touched: the old Caddy finishes their requests.
 *
 * <p>These are the rules as data; {@link ConnectionHoldRunner} applies them. Each rule matches only until its
 * {@code --datestop}, so a hold never outlives a killed {@code up} by more than {@link #LIMIT_SECONDS}.
 */
public final class ConnectionHold {
    /** The longest a hold lasts: then the rules stop matching, whatever happens to up. */
    public static final int LIMIT_SECONDS = 30;

    /** PREROUTING: clients from other machines; OUTPUT: clients on this machine. */
    static final List<String> CHAINS = List.of("PREROUTING", "OUTPUT");

    private static final DateTimeFormatter DATESTOP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ConnectionHold() {}

    /** The comment that names STACK's rules. */
    static String comment(String stack) {
        return "wpstack-hold-" + stack;
    }

    /**
     * iptables argvs that drop new connections (SYN) to PORTS of this machine's own addresses (not the
     * containers', where up checks the new Caddy), for STACK, until UNTIL.
     */
    public static List<List<String>> insert(String stack, List<Integer> ports, Instant until) {
        String portList = ports.stream().distinct().map(String::valueOf).collect(Collectors.joining(","));
        List<List<String>> argvs = new ArrayList<>();
        for (String chain : CHAINS) {
            argvs.add(List.of(
                    "iptables",
                    "-w",
                    "-t",
                    "raw",
                    "-I",
                    chain,
                    "-p",
                    "tcp",
                    "--syn",
                    "-m",
                    "multiport",
                    "--dports",
                    portList,
                    "-m",
                    "addrtype",
                    "--dst-type",
                    "LOCAL",
                    "-m",
                    "comment",
                    "--comment",
                    comment(stack),
                    "-m",
                    "time",
                    "--datestop",
                    DATESTOP.format(until),
                    "-j",
                    "DROP"));
        }
        return argvs;
    }

    /** {@code iptables -t raw -S}: the listing {@link #remove} reads. */
    public static List<String> list() {
        return List.of("iptables", "-w", "-t", "raw", "-S");
    }

    /**
     * iptables argvs that delete every rule of STACK's holds in LISTING ({@link #list()}'s output), this
     * up's and any a killed one left.
     */
    public static List<List<String>> remove(String stack, String listing) {
        Set<String> marker = Set.of(comment(stack), "\"" + comment(stack) + "\"");
        List<List<String>> argvs = new ArrayList<>();
        for (String line : listing.split("\n")) {
            List<String> words = Arrays.asList(line.strip().split("\\s+"));
            int comment = words.indexOf("--comment");
            if (words.size() < 2
                    || !words.get(0).equals("-A")
                    || comment < 0
                    || comment + 1 >= words.size()
                    || !marker.contains(words.get(comment + 1))) {
                continue;
            }
            List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", "raw", "-D"));
            argv.addAll(words.subList(1, words.size()));
            argvs.add(argv);
        }
        return argvs;
    }

    /**
     * Caddy's task restarts in this deploy: its image or its Caddyfile changes (a change of its other
     * settings restarts it too, without a hold). BEFORE is the service's JSON (absent: not deployed yet).
     */
    public static boolean caddyRestarts(
            java.util.Optional<io.wpstack.engine.Json> before, String image, String caddyfileConfig) {
        if (before.isEmpty()) {
            return false;
        }
        io.wpstack.engine.Json spec = before.get();
        String running = ServiceRelease.withoutDigest(spec.string("Spec", "TaskTemplate", "ContainerSpec", "Image"));
        List<String> configs = spec.objects("Spec", "TaskTemplate", "ContainerSpec", "Configs").stream()
                .map(config -> config.string("ConfigName"))
                .toList();
        return !running.equals(ServiceRelease.withoutDigest(image)) || !configs.contains(caddyfileConfig);
    }
}

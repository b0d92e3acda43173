package io.wpstack.cli.release;

import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The deploy history of a stack, kept on the swarm: one Docker config per deploy or rollback, named
 * STACK_history_TIME and labelled {@value #LABEL}=STACK, so any manager lists it and nothing on this
 * machine has to survive. The newest {@value #KEEP} are kept.
 */
public final class History {
    public static final String LABEL = "io.wpstack.history";
    public static final int KEEP = 100;
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    private static final DateTimeFormatter SHOWN_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private History() {}

    /** The prefix of every history config of STACK. */
    public static String prefix(String stack) {
        return stack + "_history_";
    }

    /** TIME as the history shows it (UTC, to the second). */
    public static String shownTime(java.time.Instant time) {
        return SHOWN_TIME.format(time);
    }

    /** A stored record: its config's name and what it says. */
    public record Entry(String name, DeployRecord record) {}

    /**
     * Records RECORD (a config, its text on standard input), then removes the oldest of EXISTING beyond
     * the newest {@value #KEEP}.
     */
    public static Plan record(String stack, DeployRecord record, List<String> existing) {
        String name = prefix(stack) + NAME_TIME.format(record.time());
        var plan = Plan.builder()
                .add(Step.Run.withInput(
                        List.of("docker", "config", "create", "--label", LABEL + "=" + stack, name, "-"),
                        record.text(),
                        "cannot record the deploy in the swarm's history (docker config create " + name
                                + " failed); the deploy itself is done"));
        List<String> sorted = existing.stream().sorted().toList();
        int surplus = sorted.size() + 1 - KEEP;
        for (int i = 0; i < surplus; i++) {
            plan.add(Step.Run.silent(List.of("docker", "config", "rm", sorted.get(i))));
        }
        return plan.build();
    }

    /** What ./wpstack history prints: newest first, one line each. */
    public static String table(String stack, List<Entry> entries) {
        if (entries.isEmpty()) {
            return "no deploys of stack " + stack + " recorded yet (./wpstack up records each one)\n";
        }
        List<List<String>> rows = new java.util.ArrayList<>();
        rows.add(List.of("TIME", "ACTION", "USER", "ENV", "VERSION", "OUTCOME", "IMAGES"));
        entries.stream()
                .sorted(Comparator.comparing((Entry e) -> e.record().time()).reversed())
                .forEach(entry -> {
                    DeployRecord r = entry.record();
                    rows.add(List.of(
                            SHOWN_TIME.format(r.time()),
                            r.action(),
                            r.user(),
                            r.environment(),
                            r.version(),
                            r.outcome(),
                            r.versions()));
                });
        return io.wpstack.cli.commands.Table.format(rows);
    }
}

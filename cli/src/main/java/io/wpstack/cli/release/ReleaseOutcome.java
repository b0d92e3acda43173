package io.wpstack.cli.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a deploy ended, from the services before it and after Swarm settled: the services whose update
 * Swarm gave up on during this deploy (a broken release that {@code failure_action: rollback} undid),
 * each named with the image it was rolled back to and its tasks' error, and the version each service
 * ended on.
 */
public final class ReleaseOutcome {
    private ReleaseOutcome() {}

    /**
     * One line per service of AFTER whose update failed during this deploy: its update state differs
     * from the one in BEFORE (keyed by service). WANTED: the image the deploy asked for, by service;
     * TASK_ERRORS: "task error: STACK_SERVICE.N (...): ..." lines, as {@code SwarmStatus.taskErrors}.
     */
    public static List<String> failures(
            String stack,
            Map<String, ServiceRelease> before,
            List<ServiceRelease> after,
            Map<String, String> wanted,
            List<String> taskErrors) {
        List<String> lines = new ArrayList<>();
        for (ServiceRelease service : after) {
            if (!service.failed() || service.sameUpdateAs(before.get(service.service()))) {
                continue;
            }
            String asked = wanted.getOrDefault(service.service(), "");
            String what = asked.isEmpty() || asked.equals(service.image()) ? "its new version" : asked;
            String outcome = service.state().equals("rollback_completed")
                    ? "Swarm rolled it back to " + service.image()
                    : "Swarm stopped the update half-way (" + service.state() + ")";
            StringBuilder line = new StringBuilder(
                    "service " + service.service() + ": the update to " + what + " failed and " + outcome);
            if (!service.message().isEmpty()) {
                line.append(" (Swarm: ").append(service.message()).append(')');
            }
            String prefix = "task error: " + stack + "_" + service.service() + ".";
            taskErrors.stream()
                    .filter(error -> error.startsWith(prefix))
                    .findFirst()
                    .ifPresent(error -> line.append("; ").append(error));
            lines.add(line.toString());
        }
        return lines;
    }

    /** The error up fails with when FAILURES (from {@link #failures}) is not empty. */
    public static String failureMessage(List<String> failures) {
        return "the release was rolled back: " + String.join("; ", failures)
                + ". The site runs the previous version; fix the image (./wpstack logs SERVICE shows why it"
                + " failed) and rerun ./wpstack up; ./wpstack history lists what was deployed";
    }

    /** What up prints after the deploy: each service, the version it ended on and whether it changed. */
    public static String versions(Map<String, ServiceRelease> before, List<ServiceRelease> after) {
        int width = after.stream().mapToInt(s -> s.service().length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (ServiceRelease service : after) {
            ServiceRelease old = before.get(service.service());
            String change;
            if (service.failed() && !service.sameUpdateAs(old)) {
                change = "rolled back";
            } else if (old == null) {
                change = "new";
            } else if (!old.image().equals(service.image())) {
                change = "updated from " + old.version();
            } else {
                change = "unchanged";
            }
            text.append(String.format("  %-" + width + "s  %s  (%s)%n", service.service(), service.version(), change));
        }
        return text.toString();
    }
}

package io.wpstack.exporter.swarm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which nodes a service may run on, as swarmkit's scheduler filters decide. */
public final class Placement {
    private Placement() {}

    /**
     * A node counts for a global service when it is Ready, active, satisfies every constraint
     * and one of the platforms (if any). Placement preferences only spread tasks, they never
     * exclude a node.
     */
    public static boolean eligible(Service service, Node node) {
        return node.isReady()
                && node.isActive()
                && satisfiesConstraints(service.constraints(), node)
                && satisfiesPlatforms(service.platforms(), node.platform());
    }

    public static boolean satisfiesConstraints(List<String> constraints, Node node) {
        for (String expression : constraints) {
            Optional<Constraint> constraint = Constraint.parse(expression);
            if (constraint.isEmpty() || !constraint.get().matches(node)) {
                return false;
            }
        }
        return true;
    }

    public static boolean satisfiesPlatforms(List<Platform> platforms, Platform node) {
        if (platforms.isEmpty()) {
            return true;
        }
        String nodeArch = normalizeArch(node.architecture());
        for (Platform wanted : platforms) {
            boolean arch = wanted.architecture().isEmpty()
                    || normalizeArch(wanted.architecture()).equals(nodeArch);
            boolean os = wanted.os().isEmpty() || wanted.os().equalsIgnoreCase(node.os());
            if (arch && os) {
                return true;
            }
        }
        return false;
    }

    /** swarmkit normalises the kernel's names to Go's before comparing. */
    static String normalizeArch(String architecture) {
        String lower = architecture.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> lower;
        };
    }
}

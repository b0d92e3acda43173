package io.wpstack.exporter.swarm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One placement constraint, matched against a node with swarmkit's rules
 * (manager/constraint/constraint.go): values compare case-insensitively, label keys are
 * case-sensitive, a missing label reads as "", an unknown key matches no node.
 */
public record Constraint(String key, boolean equal, String value) {
    private static final Pattern KEY = Pattern.compile("(?i)^[a-z_][a-z0-9\\-_.]+$");
    private static final String NODE_LABELS = "node.labels.";
    private static final String ENGINE_LABELS = "engine.labels.";

    /** Parses "key==value" or "key!=value"; empty when swarmkit would reject the expression. */
    public static Optional<Constraint> parse(String expression) {
        for (String operator : List.of("==", "!=")) {
            int at = expression.indexOf(operator);
            if (at < 0) {
                continue;
            }
            String key = expression.substring(0, at).strip();
            String value = expression.substring(at + operator.length()).strip();
            if (!KEY.matcher(key).matches() || value.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Constraint(key, operator.equals("=="), value));
        }
        return Optional.empty();
    }

    public boolean matches(Node node) {
        String lowerKey = key.toLowerCase(Locale.ROOT);
        return switch (lowerKey) {
            case "node.id" -> compare(node.id());
            case "node.hostname" -> compare(node.hostname());
            case "node.role" -> compare(node.role());
            case "node.platform.os" -> compare(node.platform().os());
            case "node.platform.arch" -> compare(node.platform().architecture());
            case "node.ip" -> equal == ipMatches(node.address());
            default -> {
                if (lowerKey.startsWith(NODE_LABELS) && key.length() > NODE_LABELS.length()) {
                    yield compare(label(node.labels(), key.substring(NODE_LABELS.length())));
                }
                if (lowerKey.startsWith(ENGINE_LABELS) && key.length() > ENGINE_LABELS.length()) {
                    yield compare(label(node.engineLabels(), key.substring(ENGINE_LABELS.length())));
                }
                yield false;
            }
        };
    }

    private boolean compare(String actual) {
        return equal == value.equalsIgnoreCase(actual == null ? "" : actual);
    }

    private static String label(Map<String, String> labels, String name) {
        return labels.getOrDefault(name, "");
    }

    /** node.ip takes an address or a CIDR block. */
    private boolean ipMatches(String nodeAddress) {
        try {
            byte[] node = InetAddress.getByName(nodeAddress).getAddress();
            int slash = value.indexOf('/');
            byte[] wanted = InetAddress.getByName(slash < 0 ? value : value.substring(0, slash))
                    .getAddress();
            if (node.length != wanted.length) {
                return false;
            }
            int bits = slash < 0 ? node.length * 8 : Integer.parseInt(value.substring(slash + 1));
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((node[i / 8] & mask) != (wanted[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }
}

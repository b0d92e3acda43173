package io.wpstack.cli.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The patterns of a build context's .dockerignore, matched as the docker CLI does
 * (moby/patternmatcher): a path relative to the context is left out when the last pattern that
 * matches it, or one of its parent folders, is not a {@code !} exception. {@code *} and {@code ?}
 * stay within one path segment, {@code **} spans any number of them. Character classes and escapes
 * are not supported: {@link #read} answers empty for such a file, and the caller then does not
 * trust its own view of the context.
 */
record DockerIgnore(List<Rule> rules) {
    record Rule(Pattern pattern, boolean exception) {}

    DockerIgnore {
        rules = List.copyOf(rules);
    }

    static final DockerIgnore NONE = new DockerIgnore(List.of());

    /** CONTEXT/.dockerignore (none: nothing is left out); empty when it uses what this does not support. */
    static Optional<DockerIgnore> read(Path context) throws IOException {
        try {
            return parse(Files.readString(context.resolve(".dockerignore")));
        } catch (NoSuchFileException e) {
            return Optional.of(NONE);
        }
    }

    static Optional<DockerIgnore> parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            if (exception) {
                pattern = pattern.substring(1).strip();
            }
            if (pattern.contains("[") || pattern.contains("\\")) {
                return Optional.empty();
            }
            pattern = clean(pattern);
            if (pattern.isEmpty()) {
                continue;
            }
            rules.add(new Rule(Pattern.compile(regex(pattern)), exception));
        }
        return Optional.of(new DockerIgnore(rules));
    }

    /** Go's filepath.Clean of a pattern, without its leading and trailing slashes. */
    private static String clean(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty()) {
                parts.removeLast();
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                i++;
                boolean slash = i + 1 < pattern.length() && pattern.charAt(i + 1) == '/';
                if (slash) {
                    i++;
                    regex.append("(?:.*/)?");
                } else {
                    regex.append(".*");
                }
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    /** Some pattern is an exception: an excluded folder may still hold files that are sent. */
    boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /** PATH (relative to the context, with '/') is left out of the context. */
    boolean excludes(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesOrParentMatches(rule.pattern(), path)) {
                excluded = !rule.exception();
            }
        }
        return excluded;
    }

    private static boolean matchesOrParentMatches(Pattern pattern, String path) {
        if (pattern.matcher(path).matches()) {
            return true;
        }
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (pattern.matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }
}

package io.wpstack.cli.settings;

import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A stacks/env/*.env file: NAME=value lines, each with the comment lines right above it as its
 * meaning. Section lines ("# --- ... ---") and blank lines end a meaning.
 */
public record EnvFile(String name, List<Entry> entries) {
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z][A-Z0-9_]*)=(.*)");

    /** One NAME=value line. */
    public record Entry(String name, String value, String meaning) {}

    public EnvFile {
        entries = List.copyOf(entries);
    }

    /** Reads {@code root/relative}; {@code relative} is how messages name the file. */
    public static EnvFile read(Path root, String relative) {
        try {
            return parse(relative, Files.readString(root.resolve(relative)));
        } catch (IOException e) {
            throw new WpstackException("cannot read " + relative + ": " + e.getMessage());
        }
    }

    public static EnvFile parse(String name, String text) {
        List<Entry> entries = new ArrayList<>();
        StringBuilder meaning = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.isBlank() || line.startsWith("# ---")) {
                meaning.setLength(0);
            } else if (line.startsWith("#")) {
                String comment = line.substring(1).startsWith(" ") ? line.substring(2) : line.substring(1);
                if (!meaning.isEmpty()) {
                    meaning.append(' ');
                }
                meaning.append(comment);
            } else {
                var matcher = ASSIGNMENT.matcher(line);
                if (!matcher.matches()) {
                    throw new WpstackException(name + ": cannot read the line \"" + line + "\"; write NAME=value");
                }
                entries.add(new Entry(matcher.group(1), matcher.group(2), meaning.toString()));
                meaning.setLength(0);
            }
        }
        return new EnvFile(name, entries);
    }
}

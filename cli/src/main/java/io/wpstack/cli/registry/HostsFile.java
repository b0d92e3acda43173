package io.wpstack.cli.registry;

import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The /etc/hosts lines `registry trust` adds: "ADDRESS NAME # wpstack registry". */
final class HostsFile {
    static final String MARK = "# wpstack registry";

    private HostsFile() {}

    /** The line trust adds for NAME at ADDRESS. */
    static String line(String address, String name) {
        return address + " " + name + " " + MARK;
    }

    /** The line is in CONTENT already (then trust does not add it twice). */
    static boolean has(String content, String address, String name) {
        return content != null && content.lines().anyMatch(line(address, name)::equals);
    }

    /** Some line of CONTENT names NAME with the mark (what down removes). */
    static boolean marks(String content, String name) {
        return content != null && content.lines().anyMatch(marked(name).asPredicate());
    }

    /**
     * CONTENT without NAME's marked lines, every other line kept (as the bash's grep -v, whose
     * result lost trailing blank lines and got one newline).
     */
    static String without(String content, String name) {
        Pattern marked = marked(name);
        List<String> kept =
                content.lines().filter(line -> !marked.matcher(line).find()).toList();
        return kept.stream().collect(Collectors.joining("\n")).replaceAll("\n+$", "") + "\n";
    }

    /**
     * FILE, whose content is CONTENT (null: none yet), with LINE added, written in place (/etc/hosts is
     * a bind mount in containers: a rename over it would detach them).
     */
    static Step.WriteFile append(Path file, String content, String line, String failure) {
        String before = content == null || content.isEmpty() || content.endsWith("\n") ? content : content + "\n";
        return Step.WriteFile.inPlace(file, (before == null ? "" : before) + line + "\n", failure);
    }

    /** FILE's content replaced in place with CONTENT. */
    static Step.WriteFile rewrite(Path file, String content, String failure) {
        return Step.WriteFile.inPlace(file, content, failure);
    }

    private static Pattern marked(String name) {
        return Pattern.compile("\\s" + Pattern.quote(name) + " " + Pattern.quote(MARK) + "$");
    }
}

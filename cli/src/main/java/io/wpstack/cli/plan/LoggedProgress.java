package io.wpstack.cli.plan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Long work is never silent: while a logged program runs, every 30 s the user reads how long it has
 * run and the last step its log shows (a docker build step, a debootstrap stage); on failure, the
 * log's last lines.
 */
final class LoggedProgress {
    private static final Pattern STEP = Pattern.compile("^(Step [0-9]+/[0-9]+ : |#[0-9]+ \\[|I: ).*");
    static final int TAIL = 30;

    private LoggedProgress() {}

    static int waitFor(Process process, Path log, PrintStream err) throws InterruptedException {
        long start = System.nanoTime();
        while (!process.waitFor(30, TimeUnit.SECONDS)) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            err.println("==>   ... " + seconds + "s" + lastStep(log));
        }
        return process.exitValue();
    }

    /** ", at: STEP" for the log's last build step, or "". */
    static String lastStep(Path log) {
        return lines(log).stream()
                .filter(line -> STEP.matcher(line).matches())
                .reduce((a, b) -> b)
                .map(line -> ", at: " + (line.length() > 100 ? line.substring(0, 100) : line))
                .orElse("");
    }

    static void showTail(Path log, PrintStream err) {
        List<String> lines = lines(log);
        err.println("--- last lines of " + log + ":");
        lines.subList(Math.max(0, lines.size() - TAIL), lines.size()).forEach(err::println);
    }

    private static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}

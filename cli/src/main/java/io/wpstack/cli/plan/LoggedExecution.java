package io.wpstack.cli.plan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** How {@link ProcessExecutor} carries out a {@link Step.Logged}: the program, its log, progress and failure. */
final class LoggedExecution {
    private static final Pattern STEP = Pattern.compile("^(Step [0-9]+/[0-9]+ : |#[0-9]+ \\[|I: ).*");

    private LoggedExecution() {}

    /**
     * Runs the program with ENVIRONMENT and the step's own over this process's: progress and the log's
     * tail on ERR, a {@link PlanFailure} when it fails; the exit status when its failure is ignored.
     */
    static int run(Step.Logged step, PrintStream err, Map<String, String> environment) {
        if (!step.description().isEmpty()) {
            err.println("==> " + step.description());
        }
        long start = System.nanoTime();
        Path log = step.log();
        int code;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            var builder = new ProcessBuilder(step.argv());
            if (step.directory() != null) {
                builder.directory(step.directory().toFile());
            }
            builder.environment().putAll(environment);
            builder.environment().putAll(step.environment());
            builder.redirectErrorStream(true);
            builder.redirectOutput(
                    step.append()
                            ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()));
            if (step.input() != null) {
                builder.redirectInput(step.input().toFile());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            if (step.progress() != null) {
                while (!process.waitFor(step.progress().toMillis(), TimeUnit.MILLISECONDS)) {
                    err.println("==>   ... " + seconds(start) + "s" + lastStep(read(log)));
                }
            }
            code = process.waitFor();
        } catch (IOException e) {
            throw new PlanFailure("cannot run " + step.argv().getFirst() + ": " + e.getMessage()
                    + "; is it installed and on the PATH? (log: " + log + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanFailure("interrupted while running " + String.join(" ", step.argv()) + " (log: " + log + ")");
        }
        if (code == 0 || step.failure() == null) {
            return code;
        }
        String text = read(log);
        for (Step.Logged.Diagnosis diagnosis : step.diagnoses()) {
            if (Pattern.compile(diagnosis.pattern()).matcher(text).find()) {
                throw new PlanFailure(diagnosis.message());
            }
        }
        if (step.tail() > 0) {
            err.println("--- last lines of " + log + ":");
            lastLines(text, step.tail()).forEach(err::println);
        }
        throw new PlanFailure(step.failure().replace("{seconds}", Long.toString(seconds(start))));
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** ", at: STEP" for the last docker build step (classic or BuildKit) or debootstrap stage in LOG, or "". */
    static String lastStep(String log) {
        List<String> steps =
                log.lines().filter(line -> STEP.matcher(line).matches()).toList();
        if (steps.isEmpty()) {
            return "";
        }
        String step = steps.getLast();
        return ", at: " + (step.length() > 100 ? step.substring(0, 100) : step);
    }

    /** The last N lines of TEXT (tail -n N). */
    static List<String> lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}

package io.wpstack.cli.images;

import io.wpstack.cli.plan.PlanFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A program whose output (stdout and stderr) goes to LOG instead of the terminal (bash:
 * run_logged): a docker build, a docker push. Long work is never silent: every PROGRESS (null: no
 * progress lines) it prints how long the program has run and the last build step LOG shows. When it
 * exits non-zero: the message of the first DIAGNOSIS whose pattern LOG contains, else LOG's last TAIL
 * lines and FAILURE ("{seconds}" in it: the seconds it ran). FAILURE null: the exit status is ignored
 * (docker image rm of a tag a stopped container still uses).
 *
 * <p>The mirror of the {@code Step.Logged} variant this package needs (see {@link #execute}): until
 * that step exists, commands hand these to a {@link Runner}.
 *
 * @param directory the program's working folder (null: this process's)
 * @param append add to LOG (the second of two pushes) instead of replacing it
 */
public record LoggedRun(
        String description,
        List<String> argv,
        Path directory,
        Path log,
        boolean append,
        Duration progress,
        int tail,
        String failure,
        List<Diagnosis> diagnoses) {
    /** A known cause: when LOG contains PATTERN (a regular expression), the run fails with MESSAGE alone. */
    public record Diagnosis(String pattern, String message) {}

    /** Carries out logged runs; returns the program's exit status. */
    @FunctionalInterface
    public interface Runner {
        int run(LoggedRun run);
    }

    private static final Pattern STEP = Pattern.compile("^(Step [0-9]+/[0-9]+ : |#[0-9]+ \\[|I: ).*");

    public LoggedRun {
        Objects.requireNonNull(description);
        argv = List.copyOf(argv);
        Objects.requireNonNull(log);
        diagnoses = List.copyOf(diagnoses);
    }

    /** A run whose failure is ignored and whose output goes to LOG (bash: CMD >/dev/null 2>&1 || true). */
    public static LoggedRun ignoringFailure(List<String> argv, Path log) {
        return new LoggedRun("", argv, null, log, true, null, 0, null, List.of());
    }

    @Override
    public String toString() {
        return "LoggedRun[" + (description.isEmpty() ? "" : description + ": ") + String.join(" ", argv) + " log="
                + log + (append ? " (appended)" : "") + (progress == null ? "" : " progress=" + progress)
                + (failure == null ? " failure ignored" : " failure=" + failure) + "]";
    }

    /**
     * Runs the program with ENVIRONMENT over this process's (what the executor does for the step):
     * progress and the log's tail on ERR, a {@link PlanFailure} when it fails.
     */
    public int execute(PrintStream err, Map<String, String> environment) {
        if (!description.isEmpty()) {
            err.println("==> " + description);
        }
        long start = System.nanoTime();
        int code;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            var builder = new ProcessBuilder(argv);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true);
            builder.redirectOutput(
                    append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
            Process process = builder.start();
            process.getOutputStream().close();
            if (progress != null) {
                while (!process.waitFor(progress.toMillis(), TimeUnit.MILLISECONDS)) {
                    err.println("==>   ... " + seconds(start) + "s" + lastStep(readLog()));
                }
            }
            code = process.waitFor();
        } catch (IOException e) {
            throw new PlanFailure("cannot run " + argv.getFirst() + ": " + e.getMessage()
                    + "; is it installed and on the PATH? (log: " + log + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanFailure("interrupted while running " + String.join(" ", argv) + " (log: " + log + ")");
        }
        if (code == 0 || failure == null) {
            return code;
        }
        String text = readLog();
        for (Diagnosis diagnosis : diagnoses) {
            if (Pattern.compile(diagnosis.pattern()).matcher(text).find()) {
                throw new PlanFailure(diagnosis.message());
            }
        }
        if (tail > 0) {
            err.println("--- last lines of " + log + ":");
            lastLines(text, tail).forEach(err::println);
        }
        throw new PlanFailure(failure.replace("{seconds}", Long.toString(seconds(start))));
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
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

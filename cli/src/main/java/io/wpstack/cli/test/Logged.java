package io.wpstack.cli.test;

import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs of a program whose output goes to a log under .wpstack/logs/, as the bash steps did: {@link
 * #quiet} (only the log's last lines are shown when it fails) and {@link #tee} (shown and logged).
 * The program's own argv is the tail of the Run's ({@link #command}).
 */
final class Logged {
    private static final String QUIET = "log=\"$1\"; lines=\"$2\"; shift 2; mkdir -p \"$(dirname \"${log}\")\"; "
            + "\"$@\" >\"${log}\" 2>&1 || { rc=$?; tail -n \"${lines}\" \"${log}\" >&2; exit \"${rc}\"; }";
    private static final String TEE =
            "set -o pipefail; log=\"$1\"; shift; mkdir -p \"$(dirname \"${log}\")\"; " + "\"$@\" 2>&1 | tee \"${log}\"";

    private Logged() {}

    /** log_file NAME: .wpstack/logs/NAME.log. */
    static Path logFile(Path root, String name) {
        return logDir(root).resolve(name + ".log");
    }

    static Path logDir(Path root) {
        return root.resolve(".wpstack/logs");
    }

    static Step.Run quiet(Path log, int tailLines, List<String> command, Map<String, String> env, String failure) {
        List<String> argv = new ArrayList<>(
                List.of("bash", "-c", QUIET, "wpstack-log", log.toString(), Integer.toString(tailLines)));
        argv.addAll(command);
        return new Step.Run("", argv, env, Step.Output.SHOWN, failure);
    }

    static Step.Run tee(Path log, List<String> command, Map<String, String> env, String failure) {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", TEE, "wpstack-tee", log.toString()));
        argv.addAll(command);
        return new Step.Run("", argv, env, Step.Output.SHOWN, failure);
    }

    /** The program a {@link #quiet} or {@link #tee} Run runs. */
    static List<String> command(Step.Run run) {
        int skip = run.argv().get(3).equals("wpstack-log") ? 6 : 5;
        return run.argv().subList(skip, run.argv().size());
    }
}

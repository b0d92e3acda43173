package io.wpstack.cli.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a command does, as data: what {@link Executor} carries out and what unit tests compare.
 * The set is closed, so an executor handles every kind.
 */
public sealed interface Step {

    /** What the user reads while the step runs (one line, on stderr). */
    String description();

    /**
     * Runs a program (the docker CLI, mostly). {@code output} says where its standard output goes;
     * {@code failure} is the message of the error the plan fails with when the program exits non-zero
     * (null: the exit code is passed on, as for {@code docker service logs}). {@code input}, when not
     * null, is written to the program's standard input (a secret's value: never shown by toString).
     */
    record Run(
            String description,
            List<String> argv,
            Map<String, String> environment,
            Output output,
            String failure,
            String input)
            implements Step {
        public Run {
            Objects.requireNonNull(description);
            argv = List.copyOf(argv);
            environment = Map.copyOf(environment);
            Objects.requireNonNull(output);
        }

        public Run(
                String description, List<String> argv, Map<String, String> environment, Output output, String failure) {
            this(description, argv, environment, output, failure, null);
        }

        /** {@code argv} with {@code input} on its standard input, quiet, failing with {@code failure}. */
        public static Run withInput(List<String> argv, String input, String failure) {
            return new Run("", argv, Map.of(), Output.QUIET, failure, input);
        }

        @Override
        public String toString() {
            return "Run[" + (description.isEmpty() ? "" : description + ": ") + String.join(" ", argv)
                    + (environment.isEmpty() ? "" : " env=" + environment.keySet()) + " output=" + output
                    + (failure == null ? "" : " failure=" + failure) + (input == null ? "" : " input=(hidden)") + "]";
        }

        public static Run of(String description, List<String> argv, String failure) {
            return new Run(description, argv, Map.of(), Output.QUIET, failure);
        }

        /** The program's output is what the user asked for: it goes to stdout as it comes. */
        public static Run shown(List<String> argv, String failure) {
            return new Run("", argv, Map.of(), Output.SHOWN, failure);
        }
    }

    /**
     * Writes a file atomically (temporary file, then rename), with the given POSIX mode; a folder it
     * creates gets {@code folderMode} (null: the default). {@code inPlace}: overwrite the file itself
     * instead (for /etc/hosts, which containers bind-mount: a rename would detach them).
     */
    record WriteFile(String description, Path path, String content, String mode, String folderMode, boolean inPlace)
            implements Step {
        public WriteFile {
            Objects.requireNonNull(path);
            Objects.requireNonNull(content);
        }

        public WriteFile(String description, Path path, String content, String mode) {
            this(description, path, content, mode, null, false);
        }

        @Override
        public String toString() {
            return "WriteFile[" + path + " mode=" + mode + (inPlace ? " in place" : "") + ", " + content.length()
                    + " characters]";
        }
    }

    /** Removes a file if it exists. */
    record DeleteFile(String description, Path path) implements Step {}

    /** Prints data on stdout (what the command answers, e.g. a table). */
    record Print(String text) implements Step {
        @Override
        public String description() {
            return "";
        }
    }

    /** Tells the user something (a progress line or a hint, on stderr). */
    record Info(String description) implements Step {}

    /** A warning on stderr; the plan goes on. */
    record Warn(String description) implements Step {}

    /** Waits until CONDITION holds, at most TIMEOUT; then fails with FAILURE. */
    record Await(String description, Condition condition, java.time.Duration timeout, String failure) implements Step {}

    /** What an {@link Await} waits for; the executor evaluates it against the engine. */
    sealed interface Condition {
        /** The stack's containers and networks are gone (docker stack rm returns before they are). */
        record StackRemoved(String stack) implements Condition {}
    }

    /** Where a {@link Run}'s standard output goes. */
    enum Output {
        /** Discarded (its stderr is shown only when it fails). */
        QUIET,
        /** Passed through to the user's stdout, as it comes. */
        SHOWN
    }
}

package io.wpstack.cli.plan;

import java.nio.file.Path;
import java.time.Duration;
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

        /** A clean-up whose failure does not matter (both outputs discarded). */
        public static Run silent(List<String> argv) {
            return new Run("", argv, Map.of(), Output.SILENT, null, null);
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
     * Long work (a docker build, a push, a deploy): the program's standard output and error go to LOG
     * instead of the terminal, replacing it or, with {@code append}, added to it. Every PROGRESS (null:
     * never) the user reads how long it has run and the last step LOG shows (a docker build step, a
     * debootstrap stage). When it exits non-zero: the message of the first DIAGNOSIS whose pattern LOG
     * contains, else LOG's last TAIL lines and FAILURE ("{seconds}" in it: the seconds it ran). FAILURE
     * null: the exit status is passed on and nothing is shown (removing a tag a stopped container still
     * uses).
     *
     * @param directory the program's working folder (null: this process's)
     * @param input a file the program reads on its standard input (null: none, stdin is closed)
     */
    record Logged(
            String description,
            List<String> argv,
            Map<String, String> environment,
            Path directory,
            Path log,
            boolean append,
            Duration progress,
            int tail,
            String failure,
            List<Diagnosis> diagnoses,
            Path input)
            implements Step {
        /** Every 30 s a progress line; on failure the log's last 30 lines. */
        public static final Duration PROGRESS = Duration.ofSeconds(30);

        public static final int TAIL = 30;

        /** A known cause: when LOG contains PATTERN (a regular expression), the run fails with MESSAGE alone. */
        public record Diagnosis(String pattern, String message) {}

        public Logged {
            Objects.requireNonNull(description);
            argv = List.copyOf(argv);
            environment = Map.copyOf(environment);
            Objects.requireNonNull(log);
            diagnoses = List.copyOf(diagnoses);
        }

        public Logged(
                String description,
                List<String> argv,
                Map<String, String> environment,
                Path directory,
                Path log,
                boolean append,
                Duration progress,
                int tail,
                String failure,
                List<Diagnosis> diagnoses) {
            this(description, argv, environment, directory, log, append, progress, tail, failure, diagnoses, null);
        }

        /**
         * This step with FILE on the program's standard input: how a file reaches a container of a
         * daemon that may run on another machine (a bind mount names a path on the daemon's host).
         */
        public Logged withInput(Path file) {
            return new Logged(
                    description, argv, environment, directory, log, append, progress, tail, failure, diagnoses, file);
        }

        /** Progress every 30 s; on failure the log's last 30 lines, then FAILURE and where the full log is. */
        public static Logged of(
                String description, List<String> argv, Map<String, String> environment, Path log, String failure) {
            return new Logged(
                    description,
                    argv,
                    environment,
                    null,
                    log,
                    false,
                    PROGRESS,
                    TAIL,
                    failure + " (full log: " + log + ")",
                    List.of());
        }

        /** A run whose failure is ignored, its output added to LOG (bash: CMD >>LOG 2>&1 || true). */
        public static Logged ignoringFailure(List<String> argv, Path log) {
            return new Logged("", argv, Map.of(), null, log, true, null, 0, null, List.of());
        }

        @Override
        public String toString() {
            return "Logged[" + (description.isEmpty() ? "" : description + ": ") + String.join(" ", argv)
                    + (environment.isEmpty() ? "" : " env=" + environment.keySet()) + " log=" + log
                    + (append ? " (appended)" : "") + (input == null ? "" : " input=" + input)
                    + (progress == null ? "" : " progress=" + progress)
                    + (failure == null ? " failure ignored" : " failure=" + failure) + "]";
        }
    }

    /**
     * Runs a one-off task as a Swarm job: CREATE ({@code docker service create --mode replicated-job
     * --detach ...} naming the service SERVICE) starts it wherever its placement says, its output is
     * shown as it comes (on stdout when it is the DATA the user asked for, else on stderr), and once
     * it ended the job service is removed. A non-zero exit fails the plan with FAILURE.
     */
    record Job(String description, String service, List<String> create, boolean data, String failure) implements Step {
        public Job {
            Objects.requireNonNull(description);
            Objects.requireNonNull(service);
            create = List.copyOf(create);
            Objects.requireNonNull(failure);
        }
    }

    /**
     * Writes a file atomically (temporary file, then rename), with the given POSIX mode; a folder it
     * creates gets {@code folderMode} (null: the default). {@code inPlace}: overwrite the file itself
     * instead (for /etc/hosts, which containers bind-mount: a rename would detach them). {@code failure}:
     * the message when it cannot be written (null: one naming the file and its folder).
     */
    record WriteFile(
            String description,
            Path path,
            String content,
            String mode,
            String folderMode,
            boolean inPlace,
            String failure)
            implements Step {
        public WriteFile {
            Objects.requireNonNull(path);
            Objects.requireNonNull(content);
        }

        public WriteFile(
                String description, Path path, String content, String mode, String folderMode, boolean inPlace) {
            this(description, path, content, mode, folderMode, inPlace, null);
        }

        /** Overwrites the file itself with CONTENT (its mode kept), failing with FAILURE. */
        public static WriteFile inPlace(Path path, String content, String failure) {
            return new WriteFile("", path, content, null, null, true, failure);
        }

        public WriteFile(String description, Path path, String content, String mode) {
            this(description, path, content, mode, null, false, null);
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
    record Await(String description, Condition condition, Duration timeout, String failure) implements Step {}

    /** What an {@link Await} waits for; the executor evaluates it against the engine. */
    sealed interface Condition {
        /** The task states after which a task runs no more. */
        java.util.Set<String> ENDED =
                java.util.Set.of("complete", "failed", "rejected", "shutdown", "orphaned", "remove");

        /**
         * Every task of SERVICE ended (after a scale to 0: faster than docker service update
         * --detach=false, which waits 30 s after the containers stopped).
         */
        record ServiceStopped(String service) implements Condition {}

        /** The stack's containers and networks are gone (docker stack rm returns before they are). */
        record StackRemoved(String stack) implements Condition {}

        /**
         * Every service of the stack runs its desired replicas (the exporter's check; its table is
         * shown on stderr each time it changes).
         */
        record StackConverged(String stack) implements Condition {}

        /** The task of job SERVICE (a replicated-job service) ended: completed, failed or was removed. */
        record JobEnded(String service) implements Condition {}

        /**
         * WordPress is installed (WordPress's own installer, run by PHP in a healthy WordPress
         * container of this node, installs it with FORM when it is not) and its database is current.
         * The form holds the admin password: toString leaves it out.
         */
        record WordPressInstalled(String stack, String host, String scheme, Map<String, String> form)
                implements Condition {
            public WordPressInstalled {
                form = Map.copyOf(form);
            }

            @Override
            public String toString() {
                return "WordPressInstalled[" + stack + " at " + scheme + "://" + host + ", form " + form.keySet() + "]";
            }
        }
    }

    /** Where a {@link Run}'s standard output goes. */
    enum Output {
        /** Discarded (its stderr is shown only when it fails). */
        QUIET,
        /** Passed through to the user's stdout, as it comes. */
        SHOWN,
        /** Both discarded, and the exit code does not matter. */
        SILENT
    }
}

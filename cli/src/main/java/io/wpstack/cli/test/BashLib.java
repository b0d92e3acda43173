package io.wpstack.cli.test;

import io.wpstack.cli.plan.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a function of lib/*.sh (the launcher's bootstrap: ensure_docker, ensure_base_image,
 * ensure_command, apt_install), with the libs
 * loaded in name order, core.sh first. Its messages and its {@code die} are the function's own.
 */
final class BashLib {
    /** $1 is the repository; the rest is the command to run. */
    static final String PRELUDE = "set -euo pipefail; WPSTACK_ROOT=\"$1\"; export WPSTACK_ROOT; shift; "
            + "source \"${WPSTACK_ROOT}/lib/core.sh\"; "
            + "for lib in \"${WPSTACK_ROOT}\"/lib/*.sh; do [[ \"${lib}\" == */lib/core.sh ]] || source \"${lib}\"; done; "
            + "cd \"${WPSTACK_ROOT}\"; ";

    private BashLib() {}

    /** The Run of {@code function ARGS...}, with {@code environment} added (e.g. BASE_IMAGE). */
    static Step.Run call(Path root, Map<String, String> environment, String failure, String... words) {
        return script(root, environment, failure, "\"$@\"", words);
    }

    /** The Run of a bash snippet (its "$@" are {@code words}). */
    static Step.Run script(
            Path root, Map<String, String> environment, String failure, String snippet, String... words) {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", PRELUDE + snippet, "wpstack-test", root.toString()));
        argv.addAll(List.of(words));
        return new Step.Run("", argv, environment, Step.Output.SHOWN, failure);
    }

    /** The function and arguments a Run of {@link #call} runs (for tests and messages). */
    static List<String> words(Step.Run run) {
        return run.argv().subList(5, run.argv().size());
    }
}

package io.wpstack.testkit;

import java.util.List;

/** What one command printed and how it exited. */
public record CommandResult(List<String> command, int exitCode, String output, String error) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns the trimmed standard output, or throws naming the command and what it printed. */
    public String orThrow() {
        if (!ok()) {
            throw new ClusterException(
                    "`" + String.join(" ", command) + "` exited " + exitCode + ": " + (error + output).strip());
        }
        return output.strip();
    }
}

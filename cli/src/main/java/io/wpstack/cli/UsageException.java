package io.wpstack.cli;

/** A bad flag or argument: printed with the command's usage; exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String command;

    public UsageException(String command, String message) {
        super(message);
        this.command = command;
    }

    /** The command's name as typed, e.g. "node label". */
    public String command() {
        return command;
    }
}

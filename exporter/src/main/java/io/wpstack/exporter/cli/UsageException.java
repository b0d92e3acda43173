package io.wpstack.exporter.cli;

/** A bad command line: the message names the argument and the fix; the process exits 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

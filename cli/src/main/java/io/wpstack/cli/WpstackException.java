package io.wpstack.cli;

/**
 * A failure the user can act on: its message names the input and the fix. {@link Main} prints it as
 * "wpstack: error: MESSAGE" without a stack trace and exits 1.
 */
public class WpstackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WpstackException(String message) {
        super(message);
    }
}

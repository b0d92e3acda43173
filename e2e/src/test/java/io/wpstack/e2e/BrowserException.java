package io.wpstack.e2e;

/** The browser cannot be started or driven; the message names the input and the fix. */
final class BrowserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BrowserException(String message) {
        super(message);
    }

    BrowserException(String message, Throwable cause) {
        super(message, cause);
    }
}

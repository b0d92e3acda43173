package io.wpstack.testkit;

/** The throwaway cluster could not be created, driven or removed; the message says what and why. */
public final class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}

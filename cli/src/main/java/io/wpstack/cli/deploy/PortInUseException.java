package io.wpstack.cli.deploy;

import io.wpstack.cli.WpstackException;

/** A port the stack publishes is held by another process or service. */
public final class PortInUseException extends WpstackException {
    private static final long serialVersionUID = 1L;
    private final int port;

    public PortInUseException(int port, String message) {
        super(message);
        this.port = port;
    }

    public int port() {
        return port;
    }
}

package io.wpstack.cli.deploy;

import io.wpstack.cli.WpstackException;

/**
 * A Docker secret exists but the credentials file has no value for it (a secret cannot be read back,
 * so up could not give the services and the user the same value).
 */
public final class SecretWithoutValueException extends WpstackException {
    private static final long serialVersionUID = 1L;
    private final String secret;

    public SecretWithoutValueException(String secret, String message) {
        super(message);
        this.secret = secret;
    }

    /** The Docker secret's name. */
    public String secret() {
        return secret;
    }
}

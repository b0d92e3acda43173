package io.wpstack.cli.deploy;

import io.wpstack.cli.WpstackException;

/** The credentials file cannot be read, or holds a line that is no credential or an empty value. */
public final class CredentialsFileException extends WpstackException {
    private static final long serialVersionUID = 1L;

    public CredentialsFileException(String message) {
        super(message);
    }
}

package io.wpstack.cli.settings;

import io.wpstack.cli.WpstackException;

/** A WPSTACK_* variable that is no setting: a typo, so exit code 2 like any bad input. */
public final class UnknownVariableException extends WpstackException {
    private static final long serialVersionUID = 1L;

    public UnknownVariableException(String message) {
        super(message);
    }
}

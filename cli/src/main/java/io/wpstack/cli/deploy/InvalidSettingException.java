package io.wpstack.cli.deploy;

import io.wpstack.cli.WpstackException;

/** A setting's value up cannot use: the message names the setting, its value and where to fix it. */
public final class InvalidSettingException extends WpstackException {
    private static final long serialVersionUID = 1L;
    private final String setting;

    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The setting at fault, e.g. HTTP_PORT. */
    public String setting() {
        return setting;
    }
}

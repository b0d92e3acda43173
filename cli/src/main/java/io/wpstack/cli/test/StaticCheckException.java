package io.wpstack.cli.test;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;

/**
 * A static check found problems: {@code findings} says each (warnings, carried out before the error),
 * the message how many and what to do.
 */
public final class StaticCheckException extends WpstackException {
    private static final long serialVersionUID = 1L;

    /** Not serialized: the findings are shown, then dropped. */
    private final transient Plan findings;

    public StaticCheckException(String message, Plan findings) {
        super(message);
        this.findings = findings;
    }

    public Plan findings() {
        return findings == null ? Plan.of() : findings;
    }
}

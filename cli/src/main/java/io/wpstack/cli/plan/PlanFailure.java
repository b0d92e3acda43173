package io.wpstack.cli.plan;

import io.wpstack.cli.WpstackException;

/** A step of a plan failed: its message says which and what to do. */
public final class PlanFailure extends WpstackException {
    private static final long serialVersionUID = 1L;

    public PlanFailure(String message) {
        super(message);
    }
}

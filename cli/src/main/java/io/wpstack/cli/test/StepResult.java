package io.wpstack.cli.test;

/**
 * How a step ended: PASS, FAIL (exit N) or SKIP (needs PREREQUISITE), and how long it took.
 *
 * @param detail the exit code (FAIL) or the prerequisite that did not pass (SKIP); empty for PASS
 */
public record StepResult(String name, Status status, String detail, long seconds) {
    /** What a step's run came to. */
    public enum Status {
        PASS,
        FAIL,
        SKIP
    }

    public static StepResult passed(String name, long seconds) {
        return new StepResult(name, Status.PASS, "", seconds);
    }

    public static StepResult failed(String name, int exitCode, long seconds) {
        return new StepResult(name, Status.FAIL, Integer.toString(exitCode), seconds);
    }

    public static StepResult skipped(String name, String prerequisite) {
        return new StepResult(name, Status.SKIP, prerequisite, 0);
    }

    public boolean passed() {
        return status == Status.PASS;
    }

    /** The summary's status column, as bash printed it. */
    public String label() {
        return switch (status) {
            case PASS -> "PASS";
            case FAIL -> "FAIL (exit " + detail + ")";
            case SKIP -> "SKIP (needs " + detail + ")";
        };
    }
}

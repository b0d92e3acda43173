package io.wpstack.cli;

import java.util.regex.Pattern;

/** The one rule for a Swarm stack name, shared by the wpstack, monitoring and registry stacks. */
public final class StackNames {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,30}");

    private StackNames() {}

    /** VALUE is usable as a stack name, else an error naming VARIABLE and the rule. */
    public static void check(String variable, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new WpstackException(variable + "=" + value
                    + " is not a usable stack name; use lower-case letters, digits, - and _ (at most 31)");
        }
    }

    /** "" for the default stack name (the original secret names), "STACK_" for any other. */
    public static String secretPrefix(String stack, String defaultName) {
        return stack.equals(defaultName) ? "" : stack + "_";
    }
}

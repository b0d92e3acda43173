package io.wpstack.cli;

import io.wpstack.cli.commands.Wpstack;
import io.wpstack.cli.settings.UnknownVariableException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * ./wpstack's Java entry point (the bash launcher execs it with the repository as the working
 * folder). Exit codes: 0 ok, 1 failure, 2 usage (a bad flag, argument or WPSTACK_* variable).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("wpstack.root", "."));
        System.exit(run(App.real(Context.fromProcess(root)), args));
    }

    /** Parses ARGS, runs the command, maps failures to messages and exit codes. */
    public static int run(App app, String... args) {
        Context context = app.context();
        CommandLine commandLine = Wpstack.commandLine(app);
        if (args.length == 0) {
            context.err().print(Wpstack.usage(commandLine));
            return 2;
        }
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^wpstack ?", "");
            return usage(context, name.isEmpty() ? args[0] : name, message(e), e.getCommandLine());
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof UsageException usage) {
                return usage(context, usage.command(), usage.getMessage(), cl);
            }
            if (e instanceof UnknownVariableException unknown) {
                context.err().println("wpstack: error: " + unknown.getMessage());
                return 2;
            }
            if (e instanceof WpstackException failure) {
                context.err().println("wpstack: error: " + failure.getMessage());
                return 1;
            }
            throw e;
        });
        commandLine.setOut(new java.io.PrintWriter(context.out(), true));
        commandLine.setErr(new java.io.PrintWriter(context.err(), true));
        return commandLine.execute(args);
    }

    /** picocli's message, but an unknown argument is named as wpstack names it, with picocli's suggestion. */
    private static String message(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            var suggestions = unmatched.getSuggestions();
            return "unknown argument \"" + unmatched.getUnmatched().getFirst() + "\""
                    + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)");
        }
        return e.getMessage();
    }

    private static int usage(Context context, String command, String message, CommandLine commandLine) {
        String synopsis = commandLine.getCommandSpec().name().equals("wpstack")
                ? "./wpstack COMMAND [ARGS]; ./wpstack help lists the commands"
                : Wpstack.synopsis(commandLine);
        context.err().println("wpstack " + command + ": " + message);
        context.err().println("usage: " + synopsis);
        return 2;
    }
}

package io.wpstack.cli.commands;

import io.wpstack.cli.App;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root command: {@code ./wpstack COMMAND [ARGS]}. Every command is a picocli command, so flags
 * read the same everywhere ({@code --flag value} or {@code --flag=value}) and each has a generated
 * {@code --help}.
 */
@Command(
        name = "wpstack",
        mixinStandardHelpOptions = false,
        description = "WordPress on Docker Swarm, with its monitoring.")
public final class Wpstack implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getErr().print(usage(spec.commandLine()));
    }

    /** The command line with every command, built with {@code app} injected. */
    public static CommandLine commandLine(App app) {
        CommandLine root = new CommandLine(new Wpstack());
        for (Object command : commands(app)) {
            root.addSubcommand(
                    switch (command) {
                        case NodeCommand node -> node.withSubcommands();
                        case io.wpstack.cli.backup.BackupCommand backup -> backup.withSubcommands();
                        case io.wpstack.cli.registry.RegistryCommand registry -> registry.withSubcommands();
                        default -> new CommandLine(command);
                    });
        }
        root.getSubcommands().values().forEach(Wpstack::addHelpOption);
        root.setUsageHelpAutoWidth(true);
        return root;
    }

    /** -h/--help on the command and its subcommands: picocli prints the usage it generates. */
    private static void addHelpOption(CommandLine command) {
        command.getCommandSpec()
                .addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                        .usageHelp(true)
                        .description("show this help")
                        .build());
        command.getSubcommands().values().forEach(Wpstack::addHelpOption);
    }

    /** Every command, in the order `help` lists them (by name). */
    static List<Object> commands(App app) {
        return List.of(
                new io.wpstack.cli.backup.BackupCommand(app),
                new io.wpstack.cli.images.BuildCommand(app),
                new CaCommand(app),
                new io.wpstack.cli.deploy.CredentialsCommand(app),
                new DownCommand(app),
                new HelpCommand(app),
                new io.wpstack.cli.release.HistoryCommand(app),
                new LogsCommand(app),
                new NodeCommand(app),
                new io.wpstack.cli.registry.RegistryCommand(app),
                new io.wpstack.cli.backup.RestoreCommand(app),
                new io.wpstack.cli.release.RollbackCommand(app),
                new StatusCommand(app),
                new io.wpstack.cli.test.TestCommand(app),
                new UpCommand(app));
    }

    /** {@code ./wpstack help}: one line per command, its synopsis and what it does. */
    public static String usage(CommandLine root) {
        var lines = new StringBuilder("usage: ./wpstack COMMAND [ARGS]\n\ncommands:\n");
        var rows = root.getSubcommands().values().stream()
                .map(command -> List.of(synopsis(command).replaceFirst("^\\./wpstack ", ""), header(command)))
                .toList();
        int width = rows.stream().mapToInt(row -> row.get(0).length()).max().orElse(0);
        for (var row : rows) {
            lines.append(String.format("  %-" + width + "s  %s%n", row.get(0), row.get(1)));
        }
        lines.append("\n./wpstack COMMAND --help shows a command's flags.\n");
        return lines.toString();
    }

    /** "./wpstack NAME ARGS", from the command's declared options and parameters. */
    public static String synopsis(CommandLine command) {
        String custom = String.join(" ", command.getCommandSpec().usageMessage().customSynopsis());
        if (!custom.isBlank()) {
            return custom.strip();
        }
        var help = command.getHelp();
        String synopsis = help.synopsis(0).strip().replaceAll("\\s+", " ");
        return "./wpstack "
                + synopsis.replaceFirst("^(Usage: )?wpstack ", "")
                        .replaceAll("(--[a-z-]+)=", "$1 ")
                        .replace(" [-h]", "");
    }

    private static String header(CommandLine command) {
        String[] header = command.getCommandSpec().usageMessage().header();
        return header.length == 0 ? "" : header[0];
    }
}

package io.wpstack.cli.commands;

import io.wpstack.cli.App;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.settings.Catalog;
import io.wpstack.cli.settings.OwnVariable;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./wpstack help [settings]}. */
@Command(
        name = "help",
        header = "show this list; settings: every setting with its default, per-environment values and meaning",
        customSynopsis = "./wpstack help [settings]")
public final class HelpCommand implements Callable<Integer> {
    private final App app;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "TOPIC")
    String topic;

    public HelpCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        return app.executor()
                .execute(plan(topic, spec.root().commandLine(), app.context().catalog()));
    }

    /** The list of commands, or every setting. */
    static Plan plan(String topic, CommandLine root, Catalog catalog) {
        if (topic == null) {
            return Plan.builder().print(Wpstack.usage(root)).build();
        }
        if (!topic.equals("settings")) {
            throw new UsageException("help", "takes no argument or \"settings\", got \"" + topic + "\"");
        }
        return Plan.builder().print(settings(catalog)).build();
    }

    /** Every setting with its default, the environments' values and its meaning; then wpstack's own variables. */
    static String settings(Catalog catalog) {
        var text = new StringBuilder(
                "Settings (stacks/env/base.env declares each with its default; stacks/env/ENV.env changes them\n"
                        + "per environment; WPSTACK_NAME overrides one for a run):\n");
        for (var setting : catalog.settings().values()) {
            text.append("  ").append(setting.name()).append('=').append(setting.defaultValue());
            for (String env : catalog.environments().keySet()) {
                catalog.environmentValue(env, setting.name()).ifPresent(value -> text.append("  [")
                        .append(env)
                        .append(": ")
                        .append(value)
                        .append(']'));
            }
            text.append("\n      ")
                    .append(setting.meaning().isEmpty() ? "(no meaning written in base.env)" : setting.meaning())
                    .append('\n');
        }
        text.append("\nwpstack's own variables (not settings):\n");
        OwnVariable.ALL.stream().sorted(Comparator.comparing(OwnVariable::name)).forEach(v -> text.append("  ")
                .append(v.name())
                .append("\n      ")
                .append(v.meaning())
                .append('\n'));
        text.append("  WPSTACK_NAME_IMAGE\n      any image reference instead of the one wpstack builds for"
                + " images/name/ (e.g. WPSTACK_WORDPRESS_IMAGE)\n");
        return text.toString();
    }
}

package io.wpstack.cli.commands;

import io.wpstack.cli.App;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Commands whose flags Java parses (one syntax everywhere, generated --help) but whose work is still
 * done by lib/bash/, until they move to Java one by one: each plans one step, running
 * lib/wpstack-bash with the flags in their canonical form.
 */
final class Bash {
    private Bash() {}

    /** The plan of a command still carried out in bash. */
    static Plan plan(App app, String command, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(app.context().root().resolve("lib/wpstack-bash").toString());
        argv.addAll(List.of(command.split(" ")));
        argv.addAll(args);
        return Plan.of(new Step.Run("", argv, java.util.Map.of(), Step.Output.SHOWN, null));
    }

    abstract static class Delegate implements Callable<Integer> {
        final App app;

        Delegate(App app) {
            this.app = app;
        }

        abstract String name();

        abstract List<String> args();

        @Override
        public Integer call() {
            return app.executor().execute(plan(app, name(), args()));
        }
    }

    static List<String> flag(String name, String value) {
        return value == null ? List.of() : List.of(name, value);
    }

    @Command(
            name = "up",
            header = "deploy WordPress, MariaDB, Adminer and Caddy (idempotent); production: the monitoring"
                    + " stack too")
    static final class Up extends Delegate {
        @Option(
                names = "--env",
                paramLabel = "development|production",
                description = "the environment (default" + " development)")
        String env;

        @Option(names = "--registry", paramLabel = "R", description = "deploy R/wpstack/NAME:VERSION")
        String registry;

        @Option(names = "--version", paramLabel = "V", description = "the image version in the registry")
        String version;

        Up(App app) {
            super(app);
        }

        @Override
        String name() {
            return "up";
        }

        @Override
        List<String> args() {
            List<String> args = new ArrayList<>(flag("--env", env));
            args.addAll(flag("--registry", registry));
            args.addAll(flag("--version", version));
            return args;
        }
    }

    @Command(
            name = "build",
            header = "build every image (version default: the pom's revision); --push sends them to the registry")
    static final class Build extends Delegate {
        @Option(names = "--version", paramLabel = "V", description = "the images' tag (default: the pom's revision)")
        String version;

        @Option(names = "--push", description = "push the images to the registry")
        boolean push;

        @Option(names = "--registry", paramLabel = "R", description = "where --push sends them")
        String registry;

        Build(App app) {
            super(app);
        }

        @Override
        String name() {
            return "build";
        }

        @Override
        List<String> args() {
            List<String> args = new ArrayList<>(flag("--version", version));
            if (push) {
                args.add("--push");
            }
            args.addAll(flag("--registry", registry));
            return args;
        }
    }

    @Command(name = "test", header = "run every test (static checks, image builds, Java unit + integration tests)")
    static final class Test extends Delegate {
        @Option(names = "--java-in-container", description = "run the Maven suites in wpstack/jdk:25")
        boolean javaInContainer;

        Test(App app) {
            super(app);
        }

        @Override
        String name() {
            return "test";
        }

        @Override
        List<String> args() {
            return javaInContainer ? List.of("--java-in-container") : List.of();
        }
    }
}

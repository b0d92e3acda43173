package io.wpstack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.plan.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole command line: parsing, exit codes and messages, with plans recorded instead of run. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final RecordingExecutor executor = new RecordingExecutor();
    private final FakeDocker docker = new FakeDocker().withNode("vm", "192.0.2.2");
    private final FakeSwarm swarm = new FakeSwarm();

    private int run(Map<String, String> env, String... args) {
        var context = new Context(
                Path.of(".."),
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return Main.run(new App(context, docker, swarm, executor), args);
    }

    private int run(String... args) {
        return run(Map.of("HOME", "/home/u"), args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void flagValuesWorkWithASpaceOrAnEqualsSign() {
        assertEquals(0, run("logs", "caddy", "--tail=20"));
        assertEquals(0, run("logs", "caddy", "--tail", "20"));
        assertEquals(executor.plans.get(0), executor.plans.get(1));
        assertEquals(
                List.of(List.of("docker", "service", "logs", "--tail", "20", "wpstack_caddy")),
                executor.plans.getFirst().commands());
    }

    @Test
    void anUnknownFlagIsExitCode2WithTheCommandsUsage() {
        assertEquals(2, run("down", "--purgee"));
        assertEquals(
                "wpstack down: unknown argument \"--purgee\" (did you mean --purge?)\nusage: ./wpstack down [--purge]\n",
                err());
        assertTrue(executor.plans.isEmpty());
    }

    @Test
    void anUnknownCommandIsExitCode2() {
        assertEquals(2, run("deploy"));
        assertTrue(err().contains("usage: ./wpstack COMMAND [ARGS]"), err());
    }

    @Test
    void noCommandPrintsTheListAndExits2() {
        assertEquals(2, run());
        assertTrue(err().contains("commands:\n"), err());
    }

    @Test
    void aFailureTheUserCanActOnIsExitCode1WithoutAStackTrace() {
        assertEquals(1, run(Map.of("HOME", "/h", "WPSTACK_STACK", "Bad_Name"), "logs", "caddy"));
        assertEquals(
                "wpstack: error: WPSTACK_STACK=Bad_Name is not a usable stack name; use lower-case letters, digits,"
                        + " - and _ (at most 31)\n",
                err());
    }

    @Test
    void anEmptyStackVariableMeansTheDefaultStack() {
        assertEquals(0, run(Map.of("HOME", "/h", "WPSTACK_STACK", ""), "logs", "caddy"));
        assertEquals(
                List.of(List.of("docker", "service", "logs", "wpstack_caddy")),
                executor.plans.getFirst().commands());
    }

    @Test
    void aSubcommandsUsageErrorNamesTheSubcommand() {
        assertEquals(2, run("node", "join-token", "boss"));
        assertTrue(err().startsWith("wpstack node join-token: unknown role \"boss\""), err());
        assertTrue(err().contains("usage: ./wpstack node join-token [worker|manager]"), err());
    }

    @Test
    void nodeWithoutASubcommandIsAUsageError() {
        assertEquals(2, run("node"));
        assertTrue(err().startsWith("wpstack node: name a subcommand: join-token, label or ls"), err());
    }

    @Test
    void helpListsEveryCommandWithItsSynopsis() {
        assertEquals(0, run("help"));
        String help = ((Step.Print) executor.plans.getFirst().steps().getFirst()).text();
        for (String line : List.of(
                "  up [--no-backup] [--env development|production] [--registry R] [--version V]",
                "  down [--purge]",
                "  logs SERVICE [--follow] [--tail N]",
                "  node join-token [worker|manager] | label NODE KEY=VALUE | ls",
                "  help [settings]")) {
            assertTrue(help.contains(line), "help lacks \"" + line + "\":\n" + help);
        }
    }

    @Test
    void everyCommandHasAGeneratedHelp() {
        assertEquals(0, run("logs", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--tail"), out.toString(StandardCharsets.UTF_8));
    }
}

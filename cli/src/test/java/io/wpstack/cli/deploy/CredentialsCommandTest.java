package io.wpstack.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wpstack.cli.App;
import io.wpstack.cli.Context;
import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CredentialsCommandTest {
    @TempDir
    Path home;

    private Context context(Map<String, String> environment) {
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new Context(home, environment, sink, sink);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void printsTheFilesCredentialsInOrderAsNameValueLines() throws IOException {
        write(".config/wpstack/credentials", "# by hand\nwp_admin_pass=p2\nlb_admin_user=admin-abc123\n\n");

        Plan plan = CredentialsCommand.plan(context(Map.of("HOME", home.toString())), List.of());

        assertEquals(Plan.of(new Step.Print("lb_admin_user=admin-abc123\nwp_admin_pass=p2\n")), plan);
    }

    @Test
    void anotherStackHasAFileOfItsOwnUnderXdgConfigHome() throws IOException {
        write("xdg/wpstack/credentials-blog", "db_root_pass=r\n");

        Plan plan = CredentialsCommand.plan(
                context(Map.of(
                        "WPSTACK_STACK",
                        "blog",
                        "XDG_CONFIG_HOME",
                        home.resolve("xdg").toString())),
                List.of());

        assertEquals(Plan.of(new Step.Print("db_root_pass=r\n")), plan);
    }

    @Test
    void noFileIsAnErrorPointingAtUp() {
        Path file = home.resolve("elsewhere/credentials");

        var error = assertThrows(
                CredentialsFileException.class,
                () -> CredentialsCommand.plan(context(Map.of("WPSTACK_CREDENTIALS", file.toString())), List.of()));

        assertEquals("no credentials file at " + file + "; ./wpstack up creates it", error.getMessage());
    }

    @Test
    void aFileOfCommentsOnlyPrintsNothing() throws IOException {
        Path file = write("c", "# nothing yet\n");

        assertEquals(
                Plan.of(), CredentialsCommand.plan(context(Map.of("WPSTACK_CREDENTIALS", file.toString())), List.of()));
    }

    @Test
    void aBadLineIsTheReadersError() throws IOException {
        Path file = write("c", "password=x\n");

        var error = assertThrows(
                CredentialsFileException.class,
                () -> CredentialsCommand.plan(context(Map.of("WPSTACK_CREDENTIALS", file.toString())), List.of()));

        assertEquals(
                "credentials file " + file + ": unknown line \"password\"; it holds name=value lines for: lb_admin_user"
                        + " lb_admin_pass wp_db_pass db_root_pass backup_repo_pass wp_admin_user wp_admin_pass grafana_viewer_pass",
                error.getMessage());
    }

    @Test
    void theStackNameIsCheckedEvenWithAnExplicitFile() throws IOException {
        Path file = write("c", "db_root_pass=r\n");

        var error = assertThrows(
                WpstackException.class,
                () -> CredentialsCommand.plan(
                        context(Map.of("WPSTACK_CREDENTIALS", file.toString(), "WPSTACK_STACK", "Bad")), List.of()));

        assertEquals(
                "WPSTACK_STACK=Bad is not a usable stack name; use lower-case letters, digits, - and _ (at most 31)",
                error.getMessage());
    }

    @Test
    void argumentsAndFlagsAreAUsageError() throws IOException {
        Path file = write("c", "db_root_pass=r\n");
        List<Plan> executed = new ArrayList<>();
        App app = new App(context(Map.of("WPSTACK_CREDENTIALS", file.toString())), null, plan -> {
            executed.add(plan);
            return 0;
        });
        var commandLine = new CommandLine(new CredentialsCommand(app));
        List<Throwable> errors = new ArrayList<>();
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            errors.add(e);
            return 2;
        });

        assertEquals(2, commandLine.execute("show", "--all"));
        var usage = assertThrows(UsageException.class, () -> {
            throw errors.getFirst();
        });
        assertEquals("takes no arguments, got \"show --all\"", usage.getMessage());
        assertEquals("credentials", usage.command());
        assertEquals(List.of(), executed);

        assertEquals(0, new CommandLine(new CredentialsCommand(app)).execute());
        assertEquals(List.of(Plan.of(new Step.Print("db_root_pass=r\n"))), executed);
    }
}

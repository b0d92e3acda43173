package io.wpstack.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.ProcessExecutor;
import io.wpstack.cli.plan.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path dir;

    private static final String ALNUM = "[A-Za-z0-9]";

    private static int execute(Plan plan) {
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new ProcessExecutor(sink, sink, Map.of()).execute(plan);
    }

    private Path file(String text) throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aMissingFileHasNoCredentials() {
        assertEquals(Credentials.none(), Credentials.read(dir.resolve("credentials")));
    }

    @Test
    void ensureGeneratesEveryCredentialOfAFreshFileAndSavesThemInOrder() throws IOException {
        Path file = dir.resolve("wpstack/credentials");

        Credentials.Ensured ensured = Credentials.none().ensure(file, new Random(1));

        assertEquals(
                Credentials.NAMES, List.copyOf(ensured.credentials().values().keySet()));
        assertEquals(
                List.of(
                        new Step.WriteFile("", file, ensured.credentials().format(), "rw-------"),
                        new Step.Info(
                                "credentials saved to " + file + " (mode 0600; ./wpstack credentials prints them)")),
                ensured.plan().steps());
        execute(ensured.plan());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(ensured.credentials(), Credentials.read(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals(8, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith(Credentials.NAMES.get(i) + "="), lines.get(i));
        }
    }

    @Test
    void generatedUsersAndPasswordsAreLettersAndDigitsOfBashsLengths() {
        Credentials credentials =
                Credentials.none().ensure(dir.resolve("c"), new Random(7)).credentials();

        credentials.values().forEach((name, value) -> {
            if (name.endsWith("_user")) {
                assertTrue(value.matches("admin-" + ALNUM + "{6}"), name + "=" + value);
            } else {
                assertTrue(value.matches(ALNUM + "{32}"), name + "=" + value);
            }
        });
        assertNotEquals(credentials.get("lb_admin_pass"), credentials.get("wp_db_pass"));
    }

    @Test
    void ensureKeepsTheValuesOnFileAndWritesOnlyWhenOneWasMissing() throws IOException {
        Path file = file("wp_db_pass=kept\n");
        Credentials read = Credentials.read(file);

        Credentials.Ensured ensured = read.ensure(file, new Random(2));
        assertEquals("kept", ensured.credentials().get("wp_db_pass").orElseThrow());
        assertEquals(2, ensured.plan().steps().size());

        Credentials.Ensured again = ensured.credentials().ensure(file, new Random(3));
        assertEquals(ensured.credentials(), again.credentials());
        assertEquals(Plan.of(), again.plan());
    }

    @Test
    void readSkipsCommentsAndBlankLinesAndKeepsEverythingAfterTheFirstEquals() throws IOException {
        Path file = file("# made by hand\n\n   \n  # indented comment\nlb_admin_pass=a=b c\ndb_root_pass=x\r\n"
                + "lb_admin_pass=last wins\nwp_admin_user=no newline");

        Credentials credentials = Credentials.read(file);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("lb_admin_pass", "last wins");
        expected.put("db_root_pass", "x\r");
        expected.put("wp_admin_user", "no newline");
        assertEquals(expected, credentials.values());
        assertEquals("lb_admin_pass=last wins\ndb_root_pass=x\r\nwp_admin_user=no newline\n", credentials.format());
    }

    @Test
    void anUnknownNameIsAnErrorListingTheNames() throws IOException {
        Path file = file("lb_admin_user=a\nwp_admin_mail=x@example.com\n");

        var error = assertThrows(CredentialsFileException.class, () -> Credentials.read(file));

        assertEquals(
                "credentials file " + file + ": unknown line \"wp_admin_mail\"; it holds name=value lines for:"
                        + " lb_admin_user lb_admin_pass wp_db_pass db_root_pass backup_repo_pass wp_admin_user wp_admin_pass"
                        + " grafana_viewer_pass",
                error.getMessage());
    }

    @Test
    void aLineWithoutEqualsIsUnknown() throws IOException {
        Path file = file("lb_admin_pass\n");

        var error = assertThrows(CredentialsFileException.class, () -> Credentials.read(file));

        assertTrue(error.getMessage().startsWith("credentials file " + file + ": unknown line \"lb_admin_pass\";"));
    }

    @Test
    void anEmptyValueIsAnErrorSayingHowToFixIt() throws IOException {
        Path file = file("lb_admin_user=a\nwp_db_pass=\n");

        var error = assertThrows(CredentialsFileException.class, () -> Credentials.read(file));

        assertEquals(
                "credentials file " + file
                        + ": wp_db_pass is empty; put a value there, or delete the line to have one generated",
                error.getMessage());
    }

    @Test
    void aFolderInPlaceOfTheFileCannotBeRead() throws IOException {
        Path file = Files.createDirectory(dir.resolve("credentials"));

        var error = assertThrows(CredentialsFileException.class, () -> Credentials.read(file));

        assertEquals(
                "cannot read the credentials file " + file + "; check its owner and mode (0600)", error.getMessage());
    }

    @Test
    void randomValuesVary() {
        Random random = new Random(5);
        String first = Credentials.randomValue(32, random);

        assertNotEquals(first, Credentials.randomValue(32, random));
        assertEquals(6, Credentials.generatedValue("x_user", random).length() - "admin-".length());
    }
}

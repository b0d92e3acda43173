package io.wpstack.cli.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.deploy.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryCredentialsTest {
    private static final String ORIGIN = "BACKUP_REPOSITORY_CREDENTIALS=/root/s3.env";

    @Test
    void nameValueLinesAreReadWithCommentsAndBlankLinesAside() {
        var credentials = RepositoryCredentials.parse(
                ORIGIN, "# the bucket's keys\n\nAWS_ACCESS_KEY_ID=AKIA1\n  AWS_SECRET_ACCESS_KEY=a=b/c+d  \r\n");
        assertEquals(List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), credentials.names());
        assertFalse(credentials.toString().contains("AKIA1"), credentials.toString());
        assertEquals(12, credentials.hash().length());
        assertNotEquals(
                credentials.hash(),
                RepositoryCredentials.parse(ORIGIN, "AWS_ACCESS_KEY_ID=AKIA2\n").hash(),
                "another file is another secret");
    }

    @Test
    void aLineThatIsNoAssignmentIsRefusedByItsNumberWithoutShowingIt() {
        var noEquals = assertThrows(
                IllegalArgumentException.class,
                () -> RepositoryCredentials.parse(ORIGIN, "AWS_ACCESS_KEY_ID=AKIA1\nwJalrXUtnFEMI/K7MDENG\n"));
        assertTrue(noEquals.getMessage().startsWith(ORIGIN + ", line 2: not NAME=VALUE"), noEquals.getMessage());
        assertFalse(noEquals.getMessage().contains("wJalr"), "the value is not shown");
        var exported = assertThrows(
                IllegalArgumentException.class, () -> RepositoryCredentials.parse(ORIGIN, "export AWS_X=1\n"));
        assertTrue(exported.getMessage().contains("\"export AWS_X\" is not a variable name"), exported.getMessage());
        var own = assertThrows(
                IllegalArgumentException.class, () -> RepositoryCredentials.parse(ORIGIN, "RESTIC_PASSWORD=x\n"));
        assertTrue(own.getMessage().contains("RESTIC_PASSWORD is wpstack's own"), own.getMessage());
        var twice = assertThrows(
                IllegalArgumentException.class, () -> RepositoryCredentials.parse(ORIGIN, "A_B=1\nA_B=2\n"));
        assertTrue(twice.getMessage().contains("line 2: A_B is set twice"), twice.getMessage());
    }

    @Test
    void theStackGetsTheNamedFileOrTheRepositorysNoCredentialsFileAndItsHash(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("config/backup"));
        Files.writeString(root.resolve(RepositoryCredentials.NONE), "# none\n");
        var none = RepositoryCredentials.stackVariables(root, "");
        assertEquals(root.resolve(RepositoryCredentials.NONE).toString(), none.get("BACKUP_CREDENTIALS_FILE"));
        assertEquals(RepositoryCredentials.parse("", "# none\n").hash(), none.get("BACKUP_CREDENTIALS_HASH"));

        Path file = root.resolve("s3.env");
        Files.writeString(file, "AWS_ACCESS_KEY_ID=AKIA1\n");
        var given = RepositoryCredentials.stackVariables(root, file.toString());
        assertEquals(file.toString(), given.get("BACKUP_CREDENTIALS_FILE"));

        var relative =
                assertThrows(InvalidSettingException.class, () -> RepositoryCredentials.stackVariables(root, "s3.env"));
        assertEquals(RepositoryCredentials.SETTING, relative.setting());
        assertTrue(relative.getMessage().contains("s3.env is not an absolute path"), relative.getMessage());
        var missing = assertThrows(
                InvalidSettingException.class,
                () -> RepositoryCredentials.stackVariables(
                        root, root.resolve("gone.env").toString()));
        assertEquals(
                "cannot read BACKUP_REPOSITORY_CREDENTIALS=" + root.resolve("gone.env") + ": there is no such file",
                missing.getMessage());
    }

    @Test
    void aFileOthersCanReadIsNamedWithTheFix(@TempDir Path root) throws IOException {
        Path file = root.resolve("s3.env");
        Files.writeString(file, "AWS_ACCESS_KEY_ID=AKIA1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(
                "BACKUP_REPOSITORY_CREDENTIALS=" + file + " can be read by other users of this machine; chmod 600 "
                        + file,
                RepositoryCredentials.exposure(file.toString()).orElseThrow());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertTrue(RepositoryCredentials.exposure(file.toString()).isEmpty());
        assertTrue(RepositoryCredentials.exposure("").isEmpty());
    }
}

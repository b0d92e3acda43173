package io.wpstack.cli.backup;

import io.wpstack.cli.deploy.InvalidSettingException;
import io.wpstack.cli.deploy.StackVariables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a restic backend needs besides the repository's password: S3 or B2 keys, a REST server's user and
 * password, an rclone remote's settings. NAME=VALUE lines (blank lines and # comments aside), the
 * environment restic and rclone read (AWS_ACCESS_KEY_ID, RESTIC_REST_USERNAME, RCLONE_CONFIG_NAME_TYPE...);
 * the backup service and its jobs get them as a Docker secret and export them (images/backup).
 *
 * @param text the file as read, what the secret holds
 * @param names the variables it sets, in file order
 */
public record RepositoryCredentials(String text, List<String> names) {
    /** The setting naming the file up makes the backup service's secret from. */
    public static final String SETTING = "BACKUP_REPOSITORY_CREDENTIALS";

    /** What the service reads with the setting empty: no credentials. */
    public static final String NONE = "config/backup/no-credentials.env";

    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    /** What wpstack sets itself: the repository and its password. */
    private static final Set<String> OWN = Set.of(
            "RESTIC_REPOSITORY",
            "RESTIC_REPOSITORY_FILE",
            "RESTIC_PASSWORD",
            "RESTIC_PASSWORD_FILE",
            "RESTIC_PASSWORD_COMMAND");

    public RepositoryCredentials {
        names = List.copyOf(names);
    }

    /** TEXT checked: each line NAME=VALUE; a fault names ORIGIN (the file and how it was given) and the line. */
    public static RepositoryCredentials parse(String origin, String text) {
        List<String> names = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? line : line.substring(0, equals);
            String where = origin + ", line " + (i + 1) + ": ";
            // The line itself is not shown: it may be a value.
            if (equals < 0) {
                throw new IllegalArgumentException(where + "not NAME=VALUE (for example AWS_ACCESS_KEY_ID=...,"
                        + " RESTIC_REST_USERNAME=...; no quotes, no export)");
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + "\"" + shorten(name) + "\" is not a variable name"
                        + " (capital letters, digits and _, as AWS_ACCESS_KEY_ID; no quotes, no export)");
            }
            if (OWN.contains(name)) {
                throw new IllegalArgumentException(where + name + " is wpstack's own (BACKUP_REPOSITORY, and"
                        + " backup_repo_pass of the credentials file); remove it from the file");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException(where + name + " is set twice");
            }
            names.add(name);
        }
        return new RepositoryCredentials(text, names);
    }

    /** FILE read and {@link #parse}d; ORIGIN says how it was given (a setting, an option). */
    public static RepositoryCredentials read(Path file, String origin) {
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException(origin + " is not an absolute path: give the file's full path");
        }
        try {
            return parse(origin, Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + origin + ": there is no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + origin + ": permission denied (run as root)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + origin + ": " + e.getMessage());
        }
    }

    /**
     * The stack variables of the backup service's credentials secret (stacks/wordpress.yml): BACKUP_CREDENTIALS_FILE,
     * the file SETTING names (or {@link #NONE} under ROOT when it is empty), and BACKUP_CREDENTIALS_HASH, of its
     * content, so that a changed file is a new secret and rolls the service.
     */
    public static Map<String, String> stackVariables(Path root, String setting) {
        Path file = setting.isEmpty() ? root.resolve(NONE) : Path.of(setting);
        RepositoryCredentials credentials;
        try {
            credentials = read(file, SETTING + "=" + setting);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(SETTING, e.getMessage());
        }
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("BACKUP_CREDENTIALS_FILE", file.toString());
        variables.put("BACKUP_CREDENTIALS_HASH", credentials.hash());
        return variables;
    }

    /** What up says of FILE (the setting's value): that others can read it, when they can. */
    public static Optional<String> exposure(String setting) {
        if (setting.isEmpty()) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(Path.of(setting));
            if (permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_READ)) {
                return Optional.of(
                        SETTING + "=" + setting + " can be read by other users of this machine; chmod 600 " + setting);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The first 12 hex digits of the text's SHA-256. */
    public String hash() {
        return StackVariables.caddyfileHash(text);
    }

    private static String shorten(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }

    /** The names only: the values are secrets. */
    @Override
    public String toString() {
        return "RepositoryCredentials" + names;
    }
}

package io.wpstack.cli.deploy;

import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The stack's credentials file: name=value lines for the Docker secrets, the WordPress admin and
 * Grafana's viewer, in {@link #NAMES} order, mode 0600 in a folder of mode 0700 (bash:
 * read_credentials, write_credentials, ensure_credentials).
 *
 * @param values the values the file holds (never empty ones), in {@link #NAMES} order
 */
public record Credentials(Map<String, String> values) {
    /** The credentials that become Docker secrets of the wpstack stack. */
    public static final List<String> SECRETS =
            List.of("lb_admin_user", "lb_admin_pass", "wp_db_pass", "db_root_pass", "backup_repo_pass");

    /** Every credential the file holds: the secrets, the WordPress admin, Grafana's viewer password. */
    public static final List<String> NAMES = List.of(
            "lb_admin_user",
            "lb_admin_pass",
            "wp_db_pass",
            "db_root_pass",
            "backup_repo_pass",
            "wp_admin_user",
            "wp_admin_pass",
            "grafana_viewer_pass");

    /** The file's mode, and its folder's, as {@code PosixFilePermissions} spells them. */
    public static final String FILE_MODE = "rw-------";

    public static final String FOLDER_MODE = "rwx------";

    private static final Pattern SKIPPED = Pattern.compile("\\s*(#.*)?", Pattern.DOTALL);

    public Credentials {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = values.get(name);
            if (value != null && !value.isEmpty()) {
                ordered.put(name, value);
            }
        }
        for (String name : values.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException(name + " is not a credential");
            }
        }
        values = Collections.unmodifiableMap(ordered);
    }

    public static Credentials none() {
        return new Credentials(Map.of());
    }

    /** NAME's value, if the file has one. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The credentials file FILE: none when it does not exist; an unknown line or empty value is an error. */
    public static Credentials read(Path file) {
        if (!Files.exists(file)) {
            return none();
        }
        byte[] bytes;
        try {
            if (!Files.isReadable(file)) {
                throw new IOException("not readable");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CredentialsFileException(
                    "cannot read the credentials file " + file + "; check its owner and mode (0600)");
        }
        return parse(file, new String(bytes, StandardCharsets.UTF_8));
    }

    /** The credentials of TEXT, the content of FILE (which messages name). */
    public static Credentials parse(Path file, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
        if (!lines.isEmpty() && text.endsWith("\n")) {
            lines = lines.subList(0, lines.size() - 1);
        }
        for (String line : lines) {
            if (SKIPPED.matcher(line).matches()) {
                continue;
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? line : line.substring(0, equals);
            if (equals < 0 || !NAMES.contains(name)) {
                throw new CredentialsFileException("credentials file " + file + ": unknown line \"" + name
                        + "\"; it holds name=value lines for: " + String.join(" ", NAMES));
            }
            String value = line.substring(equals + 1);
            if (value.isEmpty()) {
                throw new CredentialsFileException("credentials file " + file + ": " + name
                        + " is empty; put a value there, or delete the line to have one generated");
            }
            values.put(name, value);
        }
        return new Credentials(values);
    }

    /** The file's content: one name=value line per credential, in {@link #NAMES} order. */
    public String format() {
        StringBuilder text = new StringBuilder();
        values.forEach(
                (name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    /** Writing the file: replaced atomically, mode 0600 (its folder 0700: see {@link #FOLDER_MODE}). */
    public Step.WriteFile write(Path file) {
        return new Step.WriteFile("", file, format(), FILE_MODE);
    }

    /** These credentials with a generated value for each missing one, and the plan that saves them. */
    public record Ensured(Credentials credentials, Plan plan) {}

    /**
     * ensure_credentials: every missing credential gets a generated value; when any did, the plan
     * writes FILE and says so (else it is empty).
     */
    public Ensured ensure(Path file, Random random) {
        Map<String, String> complete = new LinkedHashMap<>(values);
        for (String name : NAMES) {
            complete.computeIfAbsent(name, missing -> generatedValue(missing, random));
        }
        Credentials ensured = new Credentials(complete);
        if (ensured.equals(this)) {
            return new Ensured(this, Plan.of());
        }
        return new Ensured(
                ensured,
                Plan.builder()
                        .add(ensured.write(file))
                        .info("credentials saved to " + file + " (mode 0600; ./wpstack credentials prints them)")
                        .build());
    }

    /** generated_value: "admin-" and 6 letters or digits for a *_user, else 32 letters or digits. */
    public static String generatedValue(String name, Random random) {
        return name.endsWith("_user") ? "admin-" + randomValue(6, random) : randomValue(32, random);
    }

    /** random_value: LENGTH letters and digits (96 random bytes in base64, without / + =). */
    public static String randomValue(int length, Random random) {
        StringBuilder value = new StringBuilder();
        while (value.length() < length) {
            byte[] bytes = new byte[96];
            random.nextBytes(bytes);
            value.append(Base64.getEncoder().encodeToString(bytes).replaceAll("[/+=]", ""));
        }
        return value.substring(0, length);
    }
}

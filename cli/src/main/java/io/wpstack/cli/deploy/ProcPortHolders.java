package io.wpstack.cli.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link PortHolders} of this machine: listening sockets from /proc/net/tcp and /proc/net/tcp6
 * (bash: port_listening), the process from {@code ss -Hltnp} (bash: port_holder; without root it
 * often cannot name another user's process).
 */
public final class ProcPortHolders implements PortHolders {
    private static final String LISTEN = "0A";
    private static final Pattern SS_USER = Pattern.compile(".*users:\\(\\(\"([^\"]*)\",pid=([0-9]*).*");
    private final Path proc;

    /** {@code proc}: where /proc is (tests pass a folder with net/tcp and net/tcp6). */
    public ProcPortHolders(Path proc) {
        this.proc = proc;
    }

    public static ProcPortHolders system() {
        return new ProcPortHolders(Path.of("/proc"));
    }

    @Override
    public boolean listening(int port) {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("net/tcp", "net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(proc.resolve(table), StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;
            }
            for (String line : lines) {
                // Columns: sl local_address rem_address st ...; state 0A is LISTEN.
                String[] columns = line.strip().split("\\s+");
                if (columns.length > 3 && columns[3].equals(LISTEN) && columns[1].endsWith(suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<String> process(int port) {
        String out;
        try {
            Process ss = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            ss.getOutputStream().close();
            out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ss.waitFor(10, TimeUnit.SECONDS)) {
                ss.destroy();
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return parseSs(out);
    }

    /** The "NAME (pid N)" of the first line of {@code ss -Hltnp} output, if it names a process. */
    static Optional<String> parseSs(String out) {
        String first = out.lines().findFirst().orElse("");
        Matcher matcher = SS_USER.matcher(first);
        return matcher.matches() ? Optional.of(matcher.group(1) + " (pid " + matcher.group(2) + ")") : Optional.empty();
    }
}

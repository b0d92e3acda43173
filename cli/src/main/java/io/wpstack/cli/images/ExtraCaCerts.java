package io.wpstack.cli.images;

import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The PEM certificates added locally on this host (e.g. a TLS-inspecting proxy's CA), passed to
 * the builds that download from Maven Central (bash: host_extra_ca_certs).
 * WPSTACK_EXTRA_CA_CERTS=FILE replaces the detection.
 */
public final class ExtraCaCerts {
    public static final Path LOCAL_CERTS = Path.of("/usr/local/share/ca-certificates");
    public static final Path SSL_CERTS = Path.of("/etc/ssl/certs");

    private ExtraCaCerts() {}

    /** The certificates of this host. */
    public static String read(Map<String, String> environment) {
        return read(environment, LOCAL_CERTS, SSL_CERTS);
    }

    /**
     * WPSTACK_EXTRA_CA_CERTS's file, else every regular file (not a symlink: those are Debian's
     * bundled CAs) LOCAL/*.crt, LOCAL/*&#47;*.crt and SSL/*.pem, in that order, each sorted.
     */
    static String read(Map<String, String> environment, Path local, Path ssl) {
        String given = environment.getOrDefault("WPSTACK_EXTRA_CA_CERTS", "");
        if (!given.isEmpty()) {
            try {
                return Files.readString(Path.of(given));
            } catch (IOException e) {
                throw new WpstackException("cannot read WPSTACK_EXTRA_CA_CERTS=" + given + "; point it at a PEM file");
            }
        }
        var text = new StringBuilder();
        List<Path> files = new ArrayList<>(matching(local, ".crt"));
        for (Path dir : sorted(local)) {
            if (Files.isDirectory(dir)) {
                files.addAll(matching(dir, ".crt"));
            }
        }
        files.addAll(matching(ssl, ".pem"));
        for (Path file : files) {
            try {
                text.append(Files.readString(file));
            } catch (IOException e) {
                // bash's cat went on after a file it could not read; so does this
            }
        }
        return text.toString();
    }

    private static List<Path> matching(Path dir, String suffix) {
        return sorted(dir).stream()
                .filter(path -> path.getFileName().toString().endsWith(suffix))
                .filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                .toList();
    }

    private static List<Path> sorted(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

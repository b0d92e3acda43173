package io.wpstack.cli.monitoring;

import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The content hashes that name the monitoring stack's Swarm configs, byte for byte those of the bash
 * (monitoring_content_hash): {@code find PATH... -type f -print0 | sort -z | xargs -0 sha256sum |
 * sha256sum | cut -c 1-12}, run in the repository. The same names let a deployment made by the bash be
 * taken over without rolling its services.
 */
public final class ContentHash {
    private ContentHash() {}

    /** The first 12 hex digits of the SHA-256 of CONTENT. */
    public static String of(byte[] content) {
        return hex(sha256(content)).substring(0, 12);
    }

    /** {@link #of(byte[])} of TEXT in UTF-8 (what {@code printf '%s' TEXT | sha256sum} names). */
    public static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** monitoring_content_hash PATH...: the files under PATHS (relative to ROOT), by name and content. */
    public static String ofFiles(Path root, String... paths) {
        return of(listing(root, paths).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What {@code sha256sum} prints for the files under PATHS in byte order of their names (sort -z in
     * the C locale, the launcher's): one "HASH  NAME" line each, a name with a backslash or a line break
     * escaped, its line starting with a backslash.
     */
    static String listing(Path root, String... paths) {
        List<String> files = new ArrayList<>();
        for (String path : paths) {
            files.addAll(files(root, path));
        }
        files.sort(ContentHash::compareBytes);
        StringBuilder listing = new StringBuilder();
        for (String file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(root.resolve(file));
            } catch (IOException e) {
                throw new WpstackException("cannot read " + file + ": " + e.getMessage() + "; check its mode");
            }
            boolean escape = file.indexOf('\\') >= 0 || file.indexOf('\n') >= 0 || file.indexOf('\r') >= 0;
            if (escape) {
                listing.append('\\');
            }
            listing.append(hex(sha256(content))).append("  ");
            listing.append(
                    escape ? file.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r") : file);
            listing.append('\n');
        }
        return listing.toString();
    }

    /** find PATH -type f: PATH itself when a regular file, else the regular files under it (no symbolic links). */
    private static List<String> files(Path root, String path) {
        Path start = root.resolve(path);
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            throw new WpstackException("cannot hash " + path + ": no such file or folder in " + root
                    + "; restore it (git checkout -- " + path + ")");
        }
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .map(file ->
                            file.equals(start) ? path : path + (path.endsWith("/") ? "" : "/") + start.relativize(file))
                    .toList();
        } catch (IOException e) {
            throw new WpstackException("cannot list " + path + ": " + e.getMessage() + "; check its mode");
        } catch (UncheckedIOException e) {
            throw new WpstackException(
                    "cannot list " + path + ": " + e.getCause().getMessage() + "; check its mode");
        }
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

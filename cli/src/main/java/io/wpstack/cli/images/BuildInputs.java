package io.wpstack.cli.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an image is built from, as one hash: the docker build command (its build arguments and tags),
 * the ID of the base image it starts FROM, its Dockerfile and every file of its context that the
 * docker CLI sends (.dockerignore applied), with names, contents, executable bits and symbolic link
 * targets. `up` skips the build of an image whose inputs hash as at its last build (docker's cache
 * would rebuild nothing, at about 0.6 s an image). Empty when the context cannot be read as docker
 * would: then the image is built.
 */
final class BuildInputs {
    private BuildInputs() {}

    static Optional<String> hash(Path root, ImageBuild build, String baseImageId) {
        try {
            MessageDigest digest = sha256();
            line(digest, "argv " + String.join("\u0000", build.run().argv()));
            line(digest, "base " + baseImageId);
            line(digest, "dockerfile " + fileHash(root.resolve(build.image().dockerfile())));
            Path context = root.resolve(build.image().context()).normalize();
            Optional<DockerIgnore> ignore = DockerIgnore.read(context);
            if (ignore.isEmpty()) {
                return Optional.empty();
            }
            contextFiles(context, ignore.get()).forEach((path, hash) -> line(digest, path + " " + hash));
            return Optional.of(HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every entry of CONTEXT docker sends, by relative path: a file's mode and content hash, a link's target. */
    static TreeMap<String, String> contextFiles(Path context, DockerIgnore ignore) throws IOException {
        TreeMap<String, String> files = new TreeMap<>();
        boolean prune = !ignore.hasExceptions();
        Files.walkFileTree(context, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String path = relative(context, dir);
                if (!path.isEmpty() && prune && ignore.excludes(path)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String path = relative(context, file);
                if (ignore.excludes(path)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attributes.isSymbolicLink()) {
                    files.put(path, "link " + Files.readSymbolicLink(file));
                } else if (attributes.isRegularFile()) {
                    files.put(path, (Files.isExecutable(file) ? "x " : "- ") + fileHash(file));
                } else {
                    files.put(path, "special");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static String relative(Path context, Path path) {
        return context.relativize(path).toString().replace('\\', '/');
    }

    private static String fileHash(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "none";
        }
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void line(MessageDigest digest, String text) {
        digest.update((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

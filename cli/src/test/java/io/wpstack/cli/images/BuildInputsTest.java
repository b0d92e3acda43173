package io.wpstack.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInputsTest {
    @TempDir
    Path root;

    private ImageBuild build(String context) {
        return ImageBuild.of(root, new BuiltImage("caddy", context), "1.2.3", ImageBuildTest.ARGS);
    }

    private String hash(String context) {
        return BuildInputs.hash(root, build(context), "sha256:base").orElseThrow();
    }

    @BeforeEach
    void aContext() throws IOException {
        Files.createDirectories(root.resolve("images/caddy"));
        Files.writeString(root.resolve("images/caddy/Dockerfile"), "FROM x\n");
        Files.writeString(root.resolve("images/caddy/entrypoint.sh"), "#!/bin/sh\n");
        Files.createDirectories(root.resolve("images/caddy/target"));
        Files.writeString(root.resolve("images/caddy/target/out.jar"), "1");
        Files.writeString(root.resolve("images/.dockerignore"), "**/target/\n");
    }

    @Test
    void theSameInputsHashTheSame() {
        assertEquals(hash("images"), hash("images"));
    }

    @Test
    void aChangedFileOfTheContextChangesTheHashAnIgnoredOneDoesNot() throws IOException {
        String before = hash("images");
        Files.writeString(root.resolve("images/caddy/target/out.jar"), "2");
        assertEquals(before, hash("images"));
        Files.writeString(root.resolve("images/caddy/entrypoint.sh"), "#!/bin/sh\nexit 0\n");
        assertNotEquals(before, hash("images"));
    }

    @Test
    void aNewFileAnExecutableBitAndTheBaseImageEachChangeTheHash() throws IOException {
        String before = hash("images");
        Files.setPosixFilePermissions(
                root.resolve("images/caddy/entrypoint.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String executable = hash("images");
        assertNotEquals(before, executable);
        Files.writeString(root.resolve("images/caddy/new.conf"), "");
        assertNotEquals(executable, hash("images"));
        assertNotEquals(
                hash("images"),
                BuildInputs.hash(root, build("images"), "sha256:other").orElseThrow());
    }

    @Test
    void theBuildArgumentsArePartOfIt() {
        var other = ImageBuild.of(
                root,
                new BuiltImage("caddy", "images"),
                "1.2.3",
                new ImageBuild.Args("debian:trixie-slim", "abc1234", "ANOTHER PEM"));
        assertNotEquals(
                hash("images"), BuildInputs.hash(root, other, "sha256:base").orElseThrow());
    }

    @Test
    void aDockerignoreItCannotReadAsDockerDoesMeansNoHash() throws IOException {
        Files.writeString(root.resolve("images/.dockerignore"), "file[0-9]\n");
        assertEquals(java.util.Optional.empty(), BuildInputs.hash(root, build("images"), "sha256:base"));
    }
}

package io.wpstack.cli.images;

import java.util.Objects;

/**
 * An image wpstack builds: images/NAME/Dockerfile, built in CONTEXT (a folder relative to the
 * repository: images/NAME, images/ or the repository root "."), tagged wpstack/NAME:VERSION and
 * wpstack/NAME:latest.
 */
public record BuiltImage(String name, String context) {
    public BuiltImage {
        Objects.requireNonNull(name);
        Objects.requireNonNull(context);
    }

    /** The image's own folder as its context (the default). */
    public static BuiltImage inOwnFolder(String name) {
        return new BuiltImage(name, "images/" + name);
    }

    /** wpstack/NAME, the repository its tags are in. */
    public String repository() {
        return "wpstack/" + name;
    }

    /** The Dockerfile, relative to the repository. */
    public String dockerfile() {
        return "images/" + name + "/Dockerfile";
    }
}

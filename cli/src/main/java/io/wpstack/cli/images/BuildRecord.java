package io.wpstack.cli.images;

import io.wpstack.cli.plan.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the last build of an image on this machine was made from ({@link BuildInputs}) and the image
 * ID it gave, in .wpstack/builds/NAME: one line, "INPUTS IMAGE_ID". Kept on the machine, not in the
 * image (a label would change the image's ID and so the content tag the services run).
 */
record BuildRecord(String inputs, String imageId) {
    static Path file(Path root, String name) {
        return root.resolve(".wpstack/builds").resolve(name);
    }

    /** The record of NAME; empty when there is none or it is not one line of two words. */
    static Optional<BuildRecord> read(Path root, String name) {
        try {
            String[] words = Files.readString(file(root, name)).strip().split(" ");
            return words.length == 2 ? Optional.of(new BuildRecord(words[0], words[1])) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The step that keeps this record for NAME. */
    Step.WriteFile write(Path root, String name) {
        return new Step.WriteFile("", file(root, name), inputs + " " + imageId + "\n", "rw-r--r--");
    }
}

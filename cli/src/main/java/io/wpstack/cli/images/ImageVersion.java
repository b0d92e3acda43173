package io.wpstack.cli.images;

import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The images' version: --version, else the root pom's revision property (bash: wpstack_version). */
public final class ImageVersion {
    private static final Pattern REVISION = Pattern.compile("<revision>([^<]*)</revision>");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private ImageVersion() {}

    /** The root pom's revision (ROOT/pom.xml). */
    public static String fromPom(Path root) {
        String pom;
        try {
            pom = Files.readString(root.resolve("pom.xml"));
        } catch (NoSuchFileException e) {
            pom = null;
        } catch (IOException e) {
            throw new WpstackException("cannot read " + root.resolve("pom.xml") + ": " + e.getMessage());
        }
        return fromPom(pom, root);
    }

    /** The first revision property of POM's text (null: no pom). */
    static String fromPom(String pom, Path root) {
        Matcher matcher = pom == null ? null : REVISION.matcher(pom);
        if (matcher == null || !matcher.find() || matcher.group(1).isEmpty()) {
            throw new WpstackException(
                    "no <revision> property in " + root.resolve("pom.xml") + "; add it or pass --version");
        }
        return matcher.group(1);
    }

    /** VERSION is a valid image tag, else a usage error of COMMAND. */
    static String check(String command, String version) {
        if (!TAG.matcher(version).matches()) {
            throw new UsageException(command, "\"" + version + "\" is not a valid image tag (letters, digits, _ . -)");
        }
        return version;
    }
}

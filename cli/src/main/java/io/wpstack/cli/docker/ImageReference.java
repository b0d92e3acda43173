package io.wpstack.cli.docker;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference as distribution/reference's ParseNormalizedNamed reads it (what the docker CLI shows an
 * image as): DOMAIN/PATH[:TAG][@DIGEST], docker.io and library/ filled in where the text leaves them out.
 *
 * @param tag "" when there is none
 * @param digest "" when there is none
 */
public record ImageReference(String domain, String path, String tag, String digest) {
    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN =
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?";
    private static final Pattern REFERENCE = Pattern.compile("((?:" + DOMAIN + ")/)?(" + PATH_COMPONENT + "(?:/"
            + PATH_COMPONENT + ")*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*"
            + ":[0-9a-fA-F]{32,}))?");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    private static final int NAME_MAX = 255;

    /** TEXT read as ParseNormalizedNamed reads it; empty where it refuses TEXT (not lowercase, no name...). */
    public static Optional<ImageReference> parse(String text) {
        if (IDENTIFIER.matcher(text).matches()) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        String domain;
        String remainder;
        if (slash < 0 || !isDomain(text.substring(0, slash))) {
            domain = DEFAULT_DOMAIN;
            remainder = text;
        } else {
            domain = text.substring(0, slash);
            remainder = text.substring(slash + 1);
        }
        if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
            remainder = OFFICIAL_PREFIX + remainder;
        }
        int colon = remainder.indexOf(':');
        String remoteName = colon < 0 ? remainder : remainder.substring(0, colon);
        if (!remoteName.equals(remoteName.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Matcher matcher = REFERENCE.matcher(domain + "/" + remainder);
        if (!matcher.matches() || matcher.group(1) == null) {
            return Optional.empty();
        }
        String name = matcher.group(1) + matcher.group(2);
        if (name.length() > NAME_MAX) {
            return Optional.empty();
        }
        return Optional.of(new ImageReference(
                matcher.group(1).substring(0, matcher.group(1).length() - 1),
                matcher.group(2),
                matcher.group(3) == null ? "" : matcher.group(3),
                matcher.group(4) == null ? "" : matcher.group(4)));
    }

    /** The first component names a registry: it has a dot or a port, is localhost, or is not lowercase. */
    private static boolean isDomain(String first) {
        return first.contains(".")
                || first.contains(":")
                || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT));
    }

    /** reference.FamiliarName: docker.io and library/ left out again (caddy, wpstack/caddy, 10.0.0.5:5000/x). */
    public String familiarName() {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return domain + "/" + path;
        }
        String rest = path.startsWith(OFFICIAL_PREFIX) ? path.substring(OFFICIAL_PREFIX.length()) : path;
        return rest.indexOf('/') < 0 ? rest : path;
    }

    /**
     * An image as docker service ls and service ps show it: a tagged reference as its familiar NAME:TAG, without
     * the digest Swarm pinned; any other text as it is.
     */
    public static String shown(String image) {
        return parse(image)
                .filter(reference -> !reference.tag().isEmpty())
                .map(reference -> reference.familiarName() + ":" + reference.tag())
                .orElse(image);
    }
}

package io.wpstack.cli.release;

import io.wpstack.cli.deploy.StackVariables;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code up --env production --version V}: the images that move to production are the ones tested in
 * development. The swarm's history ({@link History}) keeps, for every deploy, the image each service ran,
 * pinned: the registry digest Swarm resolved (IMAGE@sha256:...), or the content tag of a local image
 * (wpstack/NAME:id-ID, the image's ID). Promotion deploys those references instead of the tag V (which may
 * have been pushed or built again since), then checks that every service runs them.
 */
public final class Promotion {
    /** The environment whose deploys count as tested. */
    public static final String TESTED_IN = "development";

    /** The environment a deploy with an explicit version is promoted to. */
    public static final String PROMOTED_TO = "production";

    private Promotion() {}

    /** What a promotion of a version deploys: the tested images, or why there are none. */
    public sealed interface Decision permits Pinned, Untested {}

    /**
     * The deploy of version V in development that tested it, the reference to deploy for each built image
     * (by name), and a warning for each tag that names another image now.
     */
    public record Pinned(DeployRecord tested, Map<String, String> images, List<String> warnings) implements Decision {
        public Pinned {
            images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
            warnings = List.copyOf(warnings);
        }

        /** The references as the stack variables that name them (NAME_IMAGE). */
        public Map<String, String> variables() {
            Map<String, String> variables = new LinkedHashMap<>();
            images.forEach((name, reference) -> variables.put(StackVariables.imageVariable(name), reference));
            return variables;
        }

        /** What up prints before the deploy. */
        public String info() {
            return "promoting version " + tested.version() + ": the images tested in " + TESTED_IN + " (deployed "
                    + History.shownTime(tested.time()) + " by " + tested.user() + "), not whatever its tag names"
                    + " now";
        }
    }

    /** No tested deploy of the version on this swarm: REASON says what is missing. */
    public record Untested(String reason) implements Decision {}

    /** A promotion: production, with an explicit version (WPSTACK_VERSION or --version). */
    public static boolean applies(String environment, String explicitVersion) {
        return PROMOTED_TO.equals(environment) && !explicitVersion.isEmpty();
    }

    /**
     * What to deploy for VERSION, given the stack's history RECORDS, its BUILT images (each the image of the
     * service of the same name), CURRENT (the reference each would deploy by its tag, where it can be read)
     * and AVAILABLE (a local reference is still on this machine; a registry reference is always taken as
     * available: the nodes pull it).
     */
    public static Decision decide(
            String version,
            List<DeployRecord> records,
            List<String> built,
            Map<String, String> current,
            Predicate<String> available) {
        Optional<DeployRecord> tested = records.stream()
                .filter(r -> TESTED_IN.equals(r.environment()))
                .filter(r -> version.equals(r.version()))
                .filter(r -> "deployed".equals(r.outcome()))
                .max(Comparator.comparing(DeployRecord::time));
        if (tested.isEmpty()) {
            return new Untested("version " + version + " has no deploy in " + TESTED_IN + " on this swarm"
                    + " (./wpstack history): its images were not tested here, and deploy by their tag");
        }
        DeployRecord record = tested.get();
        Map<String, String> images = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String name : built) {
            String reference = record.images().get(name);
            if (reference == null || reference.isEmpty()) {
                return new Untested("the " + TESTED_IN + " deploy of version " + version + " has no image of " + name
                        + ": its images deploy by their tag");
            }
            if (!isPinned(reference)) {
                return new Untested("the " + TESTED_IN + " deploy of version " + version + " ran " + reference
                        + ", a tag with no digest: its images deploy by their tag");
            }
            if (!isDigest(reference) && !available.test(reference)) {
                throw new io.wpstack.cli.WpstackException("version " + version + " was tested in " + TESTED_IN
                        + " as " + reference + ", which is no longer on this machine; build the same sources"
                        + " again (./wpstack build --version " + version + ") and test that in " + TESTED_IN
                        + " first, or deploy without --version");
            }
            String now = current.getOrDefault(name, "");
            if (!now.isEmpty() && !isDigest(reference) && !now.equals(reference)) {
                warnings.add(name + ": version " + version + " names " + now + " now, not the " + reference
                        + " tested in " + TESTED_IN + "; deploying the tested one");
            }
            images.put(name, reference);
        }
        return new Pinned(record, images, warnings);
    }

    /**
     * The services of AFTER that do not run the image PINNED deploys for them, as lines naming both (empty:
     * every one runs what was tested).
     */
    public static List<String> mismatches(Pinned pinned, List<ServiceRelease> after) {
        List<String> lines = new ArrayList<>();
        for (ServiceRelease release : after) {
            String tested = pinned.images().get(release.service());
            if (tested == null) {
                continue;
            }
            if (!release.pinned().equals(tested)) {
                lines.add(release.service() + " runs " + release.pinned() + ", not the tested " + tested);
            }
        }
        return lines;
    }

    /** What up prints once the check passed. */
    public static String checked(Pinned pinned) {
        return "checked: " + String.join(", ", pinned.images().keySet()) + " run the images tested in " + TESTED_IN;
    }

    /** A reference that names one image: a registry digest, or a local content tag (:id-...). */
    static boolean isPinned(String reference) {
        return isDigest(reference) || reference.matches("[^@]*:id-[0-9a-f]{12}");
    }

    private static boolean isDigest(String reference) {
        return reference.contains("@sha256:");
    }
}

package io.wpstack.cli.docker;

import io.wpstack.engine.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image as GET /images/json lists it.
 *
 * @param repoTags its REPOSITORY:TAG names (["<none>:<none>"] or none for a dangling image)
 * @param repoDigests its REPOSITORY@DIGEST names
 * @param size bytes
 */
public record ImageSummary(String id, List<String> repoTags, List<String> repoDigests, long size) {
    public ImageSummary {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }

    static ImageSummary from(Json image) {
        return new ImageSummary(
                image.string("Id"), image.strings("RepoTags"), image.strings("RepoDigests"), image.number(0, "Size"));
    }

    /**
     * The {{.Repository}}:{{.Tag}} of each line docker image ls shows for this image: one per tag, then
     * REPOSITORY:&lt;none&gt; for a repository it has only by digest, &lt;none&gt;:&lt;none&gt; when dangling.
     */
    public List<String> rows() {
        if (dangling()) {
            return List.of("<none>:<none>");
        }
        Map<String, List<String>> tags = new LinkedHashMap<>();
        for (String tag : repoTags) {
            ImageReference.parse(tag)
                    .filter(reference -> !reference.tag().isEmpty())
                    .ifPresent(reference -> tags.computeIfAbsent(reference.familiarName(), r -> new ArrayList<>())
                            .add(reference.tag()));
        }
        Set<String> digestOnly = new LinkedHashSet<>();
        for (String digest : repoDigests) {
            ImageReference.parse(digest)
                    .filter(reference -> !reference.digest().isEmpty())
                    .map(ImageReference::familiarName)
                    .filter(repository -> !tags.containsKey(repository))
                    .ifPresent(digestOnly::add);
        }
        List<String> rows = new ArrayList<>();
        tags.forEach((repository, names) -> names.forEach(tag -> rows.add(repository + ":" + tag)));
        digestOnly.forEach(repository -> rows.add(repository + ":<none>"));
        return List.copyOf(rows);
    }

    /** docker image ls's {{.Size}}: "112MB". */
    public String shownSize() {
        return DockerFormat.humanSize(size);
    }

    private boolean dangling() {
        return (repoTags.isEmpty() && repoDigests.isEmpty())
                || (repoTags.equals(List.of("<none>:<none>")) && repoDigests.equals(List.of("<none>@<none>")));
    }
}

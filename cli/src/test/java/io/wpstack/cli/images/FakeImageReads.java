package io.wpstack.cli.images;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An engine described by fields. */
final class FakeImageReads implements ImageReads {
    final Map<String, String> ids = new HashMap<>();
    final Map<String, List<String>> tags = new HashMap<>();
    final List<String> serviceImages = new ArrayList<>();
    final Map<String, List<String>> repoDigests = new HashMap<>();
    final Set<String> resolving = new HashSet<>();
    String revision = "abc1234-dirty";

    @Override
    public Optional<String> imageId(String image) {
        return Optional.ofNullable(ids.get(image));
    }

    @Override
    public String imageSize(String image) {
        return "42MB";
    }

    @Override
    public List<String> tags(String repository) {
        return tags.getOrDefault(repository, List.of());
    }

    @Override
    public List<String> serviceImages() {
        return serviceImages;
    }

    @Override
    public List<String> repoDigests(String image) {
        return repoDigests.getOrDefault(image, List.of());
    }

    @Override
    public String gitRevision(Path root) {
        return revision;
    }

    @Override
    public boolean resolves(String host) {
        return resolving.contains(host);
    }
}

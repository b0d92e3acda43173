package io.wpstack.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.model.Stacks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {
    @TempDir
    Path root;

    private List<String> built(TestRepos.Fixture fixture) {
        return fixture.runs().stream()
                .map(run -> run.argv().get(run.argv().indexOf("--tag") + 1))
                .toList();
    }

    @Test
    void upBuildsTheImagesOfTheWordpressStackFromItsComposeFile() {
        TestRepos.copy(root);
        var fixture = new TestRepos.Fixture(root, Map.of("BASE_IMAGE", "debian:trixie-slim"));
        fixture.builder.buildLocalImages(Stacks.wordpress(root));
        assertEquals(
                List.of(
                        "wpstack/wordpress:0.1.0",
                        "wpstack/mariadb:0.1.0",
                        "wpstack/adminer:0.1.0",
                        "wpstack/backup:0.1.0",
                        "wpstack/caddy:0.1.0"),
                built(fixture));
        assertEquals("images", fixture.runs().get(3).argv().getLast());
        assertEquals(
                List.of(
                        "building wpstack/wordpress:0.1.0 from debian:trixie-slim (log: "
                                + root.resolve(".wpstack/logs/build-wordpress.log") + ")",
                        "built wpstack/wordpress:0.1.0 in 0s, 42MB"),
                fixture.infos().subList(0, 2));
    }

    @Test
    void anImageGivenAsWpstackNameImageIsNotBuilt() {
        TestRepos.copy(root);
        var fixture = new TestRepos.Fixture(
                root, Map.of("BASE_IMAGE", "debian:trixie-slim", "WPSTACK_MARIADB_IMAGE", "mariadb:11"));
        fixture.builder.buildLocalImages(Stacks.wordpress(root));
        assertEquals(
                List.of(
                        "wpstack/wordpress:0.1.0",
                        "wpstack/adminer:0.1.0",
                        "wpstack/backup:0.1.0",
                        "wpstack/caddy:0.1.0"),
                built(fixture));
    }

    @Test
    void fromARegistryNothingIsBuiltAndNoBaseImageIsNeeded() {
        TestRepos.copy(root);
        var fixture = new TestRepos.Fixture(root, Map.of("WPSTACK_REGISTRY", "reg.internal:5001"));
        fixture.builder.buildLocalImages(Stacks.wordpress(root));
        assertEquals(List.of(), fixture.runs());
        assertEquals("reg.internal:5001/wpstack/caddy:0.1.0", fixture.builder.imageRef("caddy"));
    }

    /** The fixture's engine has the base image and, for each built image, both tags on ID. */
    private static void builtBefore(TestRepos.Fixture fixture, String id) {
        fixture.reads.ids.put("debian:trixie-slim", "sha256:base");
        for (String name : List.of("wordpress", "mariadb", "adminer", "backup", "caddy")) {
            fixture.reads.ids.put("wpstack/" + name + ":0.1.0", id);
            fixture.reads.ids.put("wpstack/" + name + ":latest", id);
        }
    }

    private static List<Path> written(TestRepos.Fixture fixture) {
        return fixture.executor.plans.stream()
                .flatMap(plan -> plan.steps().stream())
                .filter(io.wpstack.cli.plan.Step.WriteFile.class::isInstance)
                .map(step -> ((io.wpstack.cli.plan.Step.WriteFile) step).path())
                .toList();
    }

    @Test
    void eachBuildIsRecordedAndAnUnchangedImageIsNotBuiltAgain() throws Exception {
        TestRepos.copy(root);
        var fixture = new TestRepos.Fixture(root, Map.of("BASE_IMAGE", "debian:trixie-slim"));
        builtBefore(fixture, "sha256:aaa");
        fixture.builder.buildLocalImages(Stacks.wordpress(root));
        assertEquals(5, fixture.runs().size());
        assertEquals(5, written(fixture).size());
        var record = (io.wpstack.cli.plan.Step.WriteFile)
                fixture.executor.plans.get(3).steps().getFirst();
        assertEquals(root.resolve(".wpstack/builds/wordpress"), record.path());
        assertEquals(true, record.content().endsWith(" sha256:aaa\n"), record.content());
        // What the executor would have written, then a second up.
        for (var plan : List.copyOf(fixture.executor.plans)) {
            for (var step : plan.steps()) {
                if (step instanceof io.wpstack.cli.plan.Step.WriteFile write) {
                    java.nio.file.Files.createDirectories(write.path().getParent());
                    java.nio.file.Files.writeString(write.path(), write.content());
                }
            }
        }
        var again = new TestRepos.Fixture(root, Map.of("BASE_IMAGE", "debian:trixie-slim"));
        builtBefore(again, "sha256:aaa");
        again.reads.ids.put("wpstack/mariadb:latest", "sha256:retagged");
        java.nio.file.Files.writeString(root.resolve("images/adminer/Dockerfile"), "FROM scratch\nUSER 1\n");
        again.builder.buildLocalImages(Stacks.wordpress(root));
        // mariadb: its :latest names another image now; adminer: its Dockerfile changed; backup and
        // caddy: their context (images/) holds adminer's Dockerfile.
        assertEquals(
                List.of(
                        "wpstack/mariadb:0.1.0",
                        "wpstack/adminer:0.1.0",
                        "wpstack/backup:0.1.0",
                        "wpstack/caddy:0.1.0"),
                built(again));
        assertEquals(
                List.of(
                        "wpstack/wordpress:0.1.0 is up to date (nothing it is built from changed since its last build"
                                + " here)",
                        "building wpstack/mariadb:0.1.0 from debian:trixie-slim (log: "
                                + root.resolve(".wpstack/logs/build-mariadb.log") + ")"),
                again.infos().subList(0, 2));
    }

    @Test
    void aLocalImageRefTagsTheImageByItsContent() {
        TestRepos.copy(root);
        var fixture = new TestRepos.Fixture(root, Map.of());
        fixture.reads.ids.put("wpstack/caddy:latest", ImageTagsTest.ID);
        assertEquals("wpstack/caddy:id-0123456789ab", fixture.builder.imageRef("caddy"));
        assertEquals(
                List.of(List.of("docker", "tag", "wpstack/caddy:latest", "wpstack/caddy:id-0123456789ab")),
                fixture.executor.plans.getFirst().commands());
        fixture.reads.ids.put("wpstack/caddy:id-0123456789ab", ImageTagsTest.ID);
        assertEquals("wpstack/caddy:id-0123456789ab", fixture.builder.imageRef("caddy"));
        assertEquals(1, fixture.executor.plans.size(), "a content tag that names the image already is kept");
        var e = assertThrows(WpstackException.class, () -> fixture.builder.imageRef("mariadb"));
        assertEquals("image wpstack/mariadb:latest is missing; run ./wpstack build", e.getMessage());
    }

    @Test
    void theUnusedContentTagsOfTheNamedImagesAreRemoved() {
        var fixture = new TestRepos.Fixture(root, Map.of());
        fixture.reads.tags.put(
                "wpstack/wordpress",
                List.of(
                        "wpstack/wordpress:latest",
                        "wpstack/wordpress:id-111111111111",
                        "wpstack/wordpress:id-222222222222"));
        fixture.reads.tags.put("wpstack/caddy", List.of("wpstack/caddy:id-333333333333"));
        fixture.reads.tags.put("wpstack/mariadb", List.of("wpstack/mariadb:id-444444444444"));
        fixture.reads.serviceImages.add("wpstack/wordpress:id-222222222222@sha256:abcd");
        fixture.builder.removeUnusedImageTags(List.of("wordpress", "caddy"));
        assertEquals(
                List.of(
                        List.of("docker", "image", "rm", "wpstack/wordpress:id-111111111111"),
                        List.of("docker", "image", "rm", "wpstack/caddy:id-333333333333")),
                fixture.runArgv());
    }
}

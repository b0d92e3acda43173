package io.wpstack.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.UsageException;
import io.wpstack.cli.WpstackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuildCommandTest {
    static final Map<String, String> ENV = Map.of("BASE_IMAGE", "debian:trixie-slim");

    @TempDir
    Path root;

    private final FakeImageReads reads = new FakeImageReads();

    private PushRegistry registries(boolean localEngine) {
        return new PushRegistry(root.resolve(".wpstack/registry"), root.resolve("certs.d"), "registry", localEngine);
    }

    private BuildCommand.Inputs inputs(Map<String, String> environment) {
        TestRepos.copy(root);
        return new BuildCommand.Inputs(
                root, environment, ImageCatalog.read(root), registries(true), () -> "abc1234", () -> "", () -> "");
    }

    private BuildCommand.Build plan(String version, boolean push, String registry) {
        return BuildCommand.plan(new BuildCommand.Request(version, push, registry), inputs(ENV), reads);
    }

    private UsageException refused(String version, boolean push, String registry) {
        var e = assertThrows(UsageException.class, () -> plan(version, push, registry));
        assertEquals("build", e.command());
        return e;
    }

    @Test
    void buildBuildsEveryCatalogImageInNameOrderAsThePomsVersion() {
        var build = plan(null, false, null);
        assertEquals(ImageCatalogTest.BUILT, build.names());
        assertEquals("0.1.0", build.version());
        assertEquals(null, build.registry());
        assertEquals(
                ImageBuildTest.argv("docker-exporter", ".").stream()
                        .map(arg -> arg.replace("1.2.3", "0.1.0").replace("=PEM", "="))
                        .toList(),
                build.builds().get(5).run().argv());
    }

    @Test
    void aBadVersionIsRefused() {
        assertEquals(
                "\"1.2/3\" is not a valid image tag (letters, digits, _ . -)",
                refused("1.2/3", false, null).getMessage());
        assertEquals(
                "\".hidden\" is not a valid image tag (letters, digits, _ . -)",
                refused(".hidden", false, null).getMessage());
        assertEquals(
                "--version needs a value, e.g. --version 1.2.3",
                refused("", false, null).getMessage());
        assertEquals("2.0_rc-1", plan("2.0_rc-1", false, null).version());
    }

    @Test
    void registryWithoutPushIsRefused() {
        assertEquals(
                "--registry only says where --push sends the images; add --push",
                refused("1.0", false, "reg.internal:5001").getMessage());
    }

    @Test
    void pushNeedsARegistryThatIsHostPort() throws IOException {
        assertEquals(
                "no registry to push to: pass --registry NAME:PORT, or deploy one with ./wpstack registry up",
                refused(null, true, null).getMessage());
        assertEquals(
                "--registry \"Reg:5001/x\" is not HOST:PORT, e.g. --registry wpstack-registry.internal:5001",
                refused(null, true, "Reg:5001/x").getMessage());
        Files.createDirectories(root.resolve(".wpstack/registry/registry"));
        Files.writeString(root.resolve(".wpstack/registry/registry/settings"), "NAME=reg.lan\nPORT=5443\nAUTH=0\n");
        Files.createDirectories(root.resolve("certs.d/reg.lan:5443"));
        Files.writeString(root.resolve("certs.d/reg.lan:5443/ca.crt"), "CA");
        reads.resolving.add("reg.lan");
        assertEquals("reg.lan:5443", plan(null, true, null).registry());
    }

    @Test
    void pushingToARegistryMadeHereNeedsItsCaAndItsName() throws IOException {
        Files.createDirectories(root.resolve(".wpstack/registry/other"));
        Files.writeString(root.resolve(".wpstack/registry/other/settings"), "NAME=reg.lan\n");
        var e = assertThrows(WpstackException.class, () -> plan(null, true, "reg.lan:5001"));
        assertEquals(
                "the registry's certificate is not trusted by this Docker engine: run ./wpstack registry trust --name"
                        + " reg.lan --port 5001 (as root, on this node; it installs "
                        + root.resolve("certs.d/reg.lan:5001") + "/ca.crt), then rerun",
                e.getMessage());
        Files.createDirectories(root.resolve("certs.d/reg.lan:5001"));
        Files.writeString(root.resolve("certs.d/reg.lan:5001/ca.crt"), "CA");
        e = assertThrows(WpstackException.class, () -> plan(null, true, "reg.lan:5001"));
        assertEquals(
                "reg.lan does not resolve on this node: run ./wpstack registry trust --name reg.lan --port 5001 (adds"
                        + " it to /etc/hosts), then rerun",
                e.getMessage());
        // a registry not made here is the user's to set up
        assertEquals("elsewhere:5000", plan(null, true, "elsewhere:5000").registry());
    }

    @Test
    void withoutBaseImageSetTheLaunchersChoiceIsAskedOnceTheFlagsAreValid() {
        TestRepos.copy(root);
        var asked = new java.util.concurrent.atomic.AtomicInteger();
        var inputs = new BuildCommand.Inputs(
                root, Map.of(), ImageCatalog.read(root), registries(true), () -> "abc1234", () -> "", () -> {
                    asked.incrementAndGet();
                    return "wpstack/base:trixie";
                });
        assertThrows(
                UsageException.class,
                () -> BuildCommand.plan(new BuildCommand.Request("not a tag", false, null), inputs, reads));
        assertEquals(0, asked.get(), "a bad flag is refused before the base image is chosen (or built)");
        var build = BuildCommand.plan(new BuildCommand.Request(null, false, null), inputs, reads);
        assertEquals(1, asked.get());
        assertTrue(build.builds().getFirst().run().argv().contains("BASE_IMAGE=wpstack/base:trixie"));
    }

    @Test
    void withoutBaseImageNothingIsBuilt() {
        var e = assertThrows(
                WpstackException.class,
                () -> BuildCommand.plan(new BuildCommand.Request(null, false, null), inputs(Map.of()), reads));
        assertEquals(true, e.getMessage().startsWith("BASE_IMAGE is not set"));
    }

    @Test
    void theCommandBuildsThenPushesEachImageAndSaysHowToDeployThem() {
        TestRepos.copy(root);
        var fixture = new TestRepos.Fixture(root, ENV);
        for (String name : ImageCatalogTest.BUILT) {
            fixture.reads.ids.put("wpstack/" + name + ":2.0", "sha256:" + "0".repeat(64));
        }
        fixture.reads.repoDigests.put(
                "elsewhere:5000/wpstack/wordpress:2.0", List.of("elsewhere:5000/wpstack/wordpress@sha256:beef"));
        var command = new BuildCommand(fixture.app, fixture.builder);
        int code = new CommandLine(command).execute("--version", "2.0", "--push", "--registry=elsewhere:5000");
        assertEquals(0, code);
        List<List<String>> runs = fixture.runArgv();
        assertEquals(ImageCatalogTest.BUILT.size() * 3, runs.size());
        int built = ImageCatalogTest.BUILT.size();
        assertEquals(List.of("docker", "push", "elsewhere:5000/wpstack/adminer:2.0"), runs.get(built));
        assertEquals(List.of("docker", "push", "elsewhere:5000/wpstack/adminer:latest"), runs.get(built + 1));
        assertEquals(true, fixture.runs().get(built + 1).append());
        List<String> infos = fixture.infos();
        assertEquals(
                "[" + built + "/" + built + "] pushed elsewhere:5000/wpstack/wordpress:2.0 in 0s (sha256:beef)",
                infos.get(infos.size() - 2));
        assertEquals(
                "pushed " + built + " images to elsewhere:5000 in 0s; deploy them with ./wpstack up --registry"
                        + " elsewhere:5000 --version 2.0",
                infos.getLast());
    }

    @Test
    void aPushOfAnImageNotBuiltFailsNamingTheBuild() {
        TestRepos.copy(root);
        var fixture = new TestRepos.Fixture(root, ENV);
        var e = assertThrows(
                WpstackException.class,
                () -> fixture.builder.push(registries(true), "elsewhere:5000", "2.0", List.of("caddy")));
        assertEquals("image wpstack/caddy:2.0 is missing; build it: ./wpstack build --version 2.0", e.getMessage());
    }
}

package io.wpstack.cli.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import io.wpstack.cli.plan.ProcessExecutor;
import io.wpstack.cli.plan.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTrustTest {
    private static final String CA = RegistryFixtures.bashMade("ca.crt");
    private static final String OTHER_LINES = "127.0.0.1 localhost\n10.0.0.9 db.internal\n";

    @TempDir
    Path dir;

    private RegistryFiles files(RegistryPaths paths, RegistrySettings settings) {
        return RegistryFiles.read(paths, settings);
    }

    private RegistryPaths withCa() throws IOException {
        var paths = RegistryFixtures.paths(dir);
        Files.createDirectories(paths.caDir());
        Files.writeString(paths.caCrt(), CA);
        Files.writeString(paths.hostsFile(), OTHER_LINES);
        return paths;
    }

    private static RegistryTrust.Facts facts(String resolved, String hosts) {
        return new RegistryTrust.Facts(true, resolved, "10.0.0.5", hosts);
    }

    @Test
    void installsTheCaNamesTheRegistryAndPrintsTheOtherNodesCommand() throws IOException {
        var paths = withCa();
        var settings = RegistryFixtures.settings(false);
        Plan plan = RegistryTrust.plan(settings, paths, files(paths, settings), facts(null, OTHER_LINES));
        var write = RegistryFixtures.write(plan, paths.trustedCa(settings));
        assertEquals(CA, write.content());
        assertEquals("rw-r--r--", write.mode());
        assertEquals(dir.resolve("certs.d/wpstack-registry.internal:5001/ca.crt"), write.path());
        assertEquals(List.of(), plan.commands());
        var hosts = RegistryFixtures.write(plan, paths.hostsFile());
        assertEquals(OTHER_LINES + "10.0.0.5 wpstack-registry.internal # wpstack registry\n", hosts.content());
        assertTrue(hosts.inPlace(), "containers bind-mount /etc/hosts: no rename over it");
        assertEquals(
                "cannot add wpstack-registry.internal to " + paths.hostsFile()
                        + "; run as root, or add \"10.0.0.5 wpstack-registry.internal\" to your DNS",
                hosts.failure());
        assertEquals(
                List.of(
                        "installed the registry CA at " + paths.trustedCa(settings),
                        "wpstack-registry.internal did not resolve: added \"10.0.0.5 wpstack-registry.internal\" to "
                                + paths.hostsFile(),
                        "on every other node, as root, run this one command (it installs the CA and names the registry):"),
                RegistryFixtures.messages(plan));
        String b64 = Base64.getEncoder().encodeToString(CA.getBytes(StandardCharsets.US_ASCII));
        assertEquals(
                new Step.Print("mkdir -p '/etc/docker/certs.d/wpstack-registry.internal:5001' && echo '" + b64
                        + "' | base64 -d > '/etc/docker/certs.d/wpstack-registry.internal:5001/ca.crt' && { getent hosts"
                        + " wpstack-registry.internal >/dev/null || echo '10.0.0.5 wpstack-registry.internal # wpstack"
                        + " registry' >> /etc/hosts; }\n"),
                plan.steps().getLast());
    }

    @Test
    void theHostsEditIsIdempotentAndKeepsOtherLines() throws IOException {
        var paths = withCa();
        var settings = RegistryFixtures.settings(false);
        var out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        var executor = new ProcessExecutor(out, out, Map.of());
        for (int run = 0; run < 2; run++) {
            String hosts = Files.readString(paths.hostsFile());
            executor.execute(RegistryTrust.plan(settings, paths, files(paths, settings), facts(null, hosts)));
        }
        assertEquals(
                OTHER_LINES + "10.0.0.5 wpstack-registry.internal # wpstack registry\n",
                Files.readString(paths.hostsFile()));
        assertEquals(CA, Files.readString(paths.trustedCa(settings)));
        assertEquals(
                "rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.trustedCa(settings))));
    }

    @Test
    void aTrustedEngineAndAResolvingNameAreLeftAlone() throws IOException {
        var paths = withCa();
        var settings = RegistryFixtures.settings(false);
        Files.createDirectories(paths.trustDir(settings));
        Files.writeString(paths.trustedCa(settings), CA);
        Plan plan = RegistryTrust.plan(settings, paths, files(paths, settings), facts("10.0.0.5", OTHER_LINES));
        assertEquals(List.of(), RegistryFixtures.written(plan));
        assertEquals(List.of(), plan.commands());
        assertEquals(
                List.of(
                        "this engine already trusts wpstack-registry.internal:5001 (" + paths.trustedCa(settings) + ")",
                        "wpstack-registry.internal resolves to 10.0.0.5"),
                RegistryFixtures.messages(plan).subList(0, 2));
    }

    @Test
    void aLoopbackResolutionIsWarnedAbout() throws IOException {
        var paths = withCa();
        var settings = RegistryFixtures.settings(false);
        for (String loopback : List.of("127.0.1.1", "::1")) {
            Plan plan = RegistryTrust.plan(settings, paths, files(paths, settings), facts(loopback, OTHER_LINES));
            assertTrue(plan.steps().stream()
                    .anyMatch(step -> step instanceof Step.Warn warn
                            && warn.description()
                                    .startsWith("wpstack-registry.internal resolves to a loopback address")));
        }
    }

    @Test
    void withAuthItLogsInWithTheSavedPassword() throws IOException {
        var paths = withCa();
        var settings = RegistryFixtures.settings(true);
        Files.createDirectories(paths.auth().getParent());
        Files.writeString(paths.auth(), "s3cret-registry-password\n");
        Plan plan = RegistryTrust.plan(settings, paths, files(paths, settings), facts("10.0.0.5", OTHER_LINES));
        assertEquals(
                List.of(List.of(
                        "docker",
                        "login",
                        "--username",
                        "wpstack",
                        "--password-stdin",
                        "wpstack-registry.internal:5001")),
                plan.commands());
        var login = (Step.Run) plan.steps().stream()
                .filter(Step.Run.class::isInstance)
                .findFirst()
                .orElseThrow();
        assertEquals("s3cret-registry-password\n", login.input());
        assertTrue(!login.toString().contains("s3cret"), login.toString());
        assertTrue(RegistryFixtures.messages(plan).contains("logged in to wpstack-registry.internal:5001 as wpstack"));
    }

    @Test
    void withoutACaOrRootItSaysWhatToDo() throws IOException {
        var paths = RegistryFixtures.paths(dir);
        var settings = RegistryFixtures.settings(false);
        var e = assertThrows(
                WpstackException.class,
                () -> RegistryTrust.plan(settings, paths, files(paths, settings), facts(null, "")));
        assertEquals(
                "no registry CA in " + paths.caDir()
                        + "; run ./wpstack registry up first (on the manager that holds .wpstack/registry)",
                e.getMessage());
        var withCa = withCa();
        var notRoot = new RegistryTrust.Facts(false, null, "10.0.0.5", "");
        var root = assertThrows(
                WpstackException.class, () -> RegistryTrust.plan(settings, withCa, files(withCa, settings), notRoot));
        assertEquals(
                "./wpstack registry trust writes " + withCa.certsDir() + " and " + withCa.hostsFile()
                        + "; rerun as root",
                root.getMessage());
    }

    @Test
    void theAddressIsTheTaskNodesOrElseTheDefaultRoutes() {
        var settings = RegistryFixtures.settings(false);
        var reads = new FakeRegistryReads();
        reads.taskNode = "node-2";
        assertEquals("10.0.0.6", Registry.nodeAddress(settings, reads, Plan.builder()));
        reads.taskNode = "node-1";
        reads.defaultRoute = "192.168.1.2";
        assertEquals("192.168.1.2", Registry.nodeAddress(settings, reads, Plan.builder()));
        reads.defaultRoute = null;
        var warnings = Plan.builder();
        assertEquals("127.0.0.1", Registry.nodeAddress(settings, reads, warnings));
        assertEquals(
                "no non-loopback address found; using 127.0.0.1 for wpstack-registry.internal (Docker then skips"
                        + " checking the registry's certificate)",
                warnings.build().steps().getFirst().description());
    }

    @Test
    void trustCommandPlansWithTheFlagsGiven() throws IOException {
        withCa();
        var reads = new FakeRegistryReads();
        var executor = new RecordingExecutor();
        var app = RegistryFixtures.app(dir, Map.of(), executor);
        var trust = new RegistryTrust(
                app, RegistryFixtures.runtime(dir, reads, RegistryFixtures.ticking(RegistryFixtures.NOW)));
        trust.name = "r.internal";
        trust.port = "6000";
        assertEquals(0, trust.call());
        assertTrue(executor.messages()
                .contains("installed the registry CA at " + dir.resolve("certs.d/r.internal:6000/ca.crt")));
    }

    @Test
    void withAuthButNoSavedPasswordItSaysWhereToGetOne() throws IOException {
        var paths = withCa();
        var settings = RegistryFixtures.settings(true);
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                io.wpstack.cli.WpstackException.class,
                () -> RegistryTrust.plan(settings, paths, files(paths, settings), facts("10.0.0.5", OTHER_LINES)));
        assertEquals(
                "the registry has basic auth but " + paths.auth()
                        + " (its password) is missing; rerun ./wpstack registry up --auth on the registry's node",
                e.getMessage());
    }
}

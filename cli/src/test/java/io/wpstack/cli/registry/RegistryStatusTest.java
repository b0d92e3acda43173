package io.wpstack.cli.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryStatusTest {
    @TempDir
    Path dir;

    private static String printed(RegistryStatus.Report report) {
        return ((Step.Print) report.plan().steps().getFirst()).text();
    }

    @Test
    void beforeUpItSaysWhatIsMissingAndFails() {
        var paths = RegistryFixtures.paths(dir);
        var report = RegistryStatus.report(
                new RegistrySettings("reg2", "r.internal", 6000, false),
                paths,
                RegistryFiles.NONE,
                new RegistryStatus.Facts(false, List.of(), null));
        assertEquals(
                "registry:    r.internal:6000 (stack reg2, basic auth off)\n"
                        + "certificate: none yet (./wpstack registry up makes it)\n"
                        + "this engine: does not trust it (WPSTACK_REGISTRY_STACK=reg2 ./wpstack registry trust --name"
                        + " r.internal --port 6000)\n",
                printed(report));
        assertEquals(
                "stack reg2 is not deployed; run ./wpstack registry up --name r.internal --port 6000",
                report.failure());
    }

    @Test
    void aDeployedTrustedRegistryShowsItsCertificateTaskAndAnswer() throws IOException {
        var paths = RegistryFixtures.paths(dir);
        var settings = RegistryFixtures.settings(true);
        Files.createDirectories(paths.stateDir());
        Files.writeString(paths.serverCrt(), RegistryFixtures.bashMade("server.crt"));
        Files.writeString(paths.serverSan(), RegistryFixtures.bashMade("server.san"));
        Files.writeString(paths.caCrt(), RegistryFixtures.bashMade("ca.crt"));
        Files.createDirectories(paths.trustDir(settings));
        Files.writeString(paths.trustedCa(settings), RegistryFixtures.bashMade("ca.crt"));
        var report = RegistryStatus.report(
                settings,
                paths,
                RegistryFiles.read(paths, settings),
                new RegistryStatus.Facts(
                        true, List.of("task:        registry_registry.1 on vm, Running 2 hours ago"), 401));
        assertEquals(
                "registry:    wpstack-registry.internal:5001 (stack registry, basic auth on)\n"
                        + "certificate: notAfter=Mar  6 01:07:40 2029 GMT,"
                        + " DNS:localhost,DNS:wpstack-registry.internal,IP:10.0.0.5,IP:127.0.0.1\n"
                        + "this engine: trusts it (" + paths.trustedCa(settings) + ")\n"
                        + "task:        registry_registry.1 on vm, Running 2 hours ago\n"
                        + "https:       /v2/ answers 401\n",
                printed(report));
        assertNull(report.failure());
    }

    @Test
    void nothingAnsweringShowsAsCurlsZeroes() {
        var report = RegistryStatus.report(
                RegistryFixtures.settings(false),
                RegistryFixtures.paths(dir),
                RegistryFiles.NONE,
                new RegistryStatus.Facts(true, List.of(), 0));
        assertEquals(true, printed(report).endsWith("https:       /v2/ answers 000\n"));
    }

    @Test
    void statusCommandPrintsThenFailsWhenNotDeployed() {
        var reads = new FakeRegistryReads();
        reads.stackExists = false;
        var executor = new RecordingExecutor();
        var app = RegistryFixtures.app(dir, Map.of(), executor);
        var status = new RegistryStatus(
                app, RegistryFixtures.runtime(dir, reads, RegistryFixtures.ticking(RegistryFixtures.NOW)));
        assertEquals(
                "stack registry is not deployed; run ./wpstack registry up",
                assertThrows(WpstackException.class, status::call).getMessage());
        assertEquals(1, executor.plans.size());
    }
}

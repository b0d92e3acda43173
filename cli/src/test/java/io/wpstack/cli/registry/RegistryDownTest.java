package io.wpstack.cli.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wpstack.cli.WpstackException;
import io.wpstack.cli.plan.Plan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryDownTest {
    private static final String HOSTS = "127.0.0.1 localhost\n"
            + "10.0.0.5 wpstack-registry.internal # wpstack registry\n"
            + "10.0.0.5 other.internal # wpstack registry\n"
            + "10.0.0.5 wpstack-registry.internal\n\n";

    @TempDir
    Path dir;

    @Test
    void downRemovesTheStackAndKeepsTheRest() {
        Plan plan = RegistryDown.removeStack("registry", true);
        assertEquals(List.of(List.of("docker", "stack", "rm", "registry")), plan.commands());
        assertEquals(List.of("removing stack registry"), RegistryFixtures.messages(plan));
        assertEquals(
                List.of("stack registry is not deployed"),
                RegistryFixtures.messages(RegistryDown.removeStack("registry", false)));
        assertEquals(
                List.of("kept the volume registry_data (the pushed images), secrets and certificate (./wpstack registry"
                        + " down --purge removes them)"),
                RegistryFixtures.messages(RegistryDown.kept("registry")));
    }

    @Test
    void purgeRemovesVolumeSecretsTrustAndStateButNotTheCa() {
        var paths = RegistryFixtures.paths(dir);
        var settings = RegistryFixtures.settings(false);
        var leftovers = new RegistryDown.Leftovers(
                true, List.of("registry_tls_crt_aaaaaaaaaaaa", "registry_something_else"), true, HOSTS);
        Plan plan = RegistryDown.purge(settings, paths, leftovers);
        assertEquals(
                List.of(
                        List.of("docker", "volume", "rm", "registry_data"),
                        List.of("docker", "secret", "rm", "registry_tls_crt_aaaaaaaaaaaa"),
                        List.of("rm", "-rf", paths.trustDir(settings).toString()),
                        List.of("rm", "-rf", paths.stateDir().toString())),
                plan.commands());
        assertEquals(
                "127.0.0.1 localhost\n10.0.0.5 other.internal # wpstack registry\n10.0.0.5 wpstack-registry.internal\n",
                RegistryFixtures.write(plan, paths.hostsFile()).content());
        assertEquals(
                List.of(
                        "removed volume registry_data (the pushed images)",
                        "removed secret registry_tls_crt_aaaaaaaaaaaa",
                        "removed " + paths.trustDir(settings),
                        "removed wpstack-registry.internal from " + paths.hostsFile(),
                        "removed " + paths.stateDir() + "; the CA (" + paths.caCrt()
                                + ") is kept, so nodes that trust it go on trusting a new registry"),
                RegistryFixtures.messages(plan));
    }

    @Test
    void purgeOfNothingLeftRemovesOnlyTheStateFolder() {
        var paths = RegistryFixtures.paths(dir);
        Plan plan = RegistryDown.purge(
                RegistryFixtures.settings(false), paths, new RegistryDown.Leftovers(false, List.of(), false, null));
        assertEquals(List.of(List.of("rm", "-rf", paths.stateDir().toString())), plan.commands());
    }

    @Test
    void hostsLinesOfOtherNamesAndUnmarkedOnesStay() {
        assertEquals("a\nb\n", HostsFile.without("a\n1.2.3.4 r.internal # wpstack registry\nb\n\n\n", "r.internal"));
        assertEquals(
                "1.2.3.4 rXinternal # wpstack registry\n",
                HostsFile.without("1.2.3.4 rXinternal # wpstack registry\n", "r.internal"));
        assertEquals(false, HostsFile.marks("1.2.3.4 rXinternal # wpstack registry\n", "r.internal"));
        assertEquals(true, HostsFile.marks("1.2.3.4\tr.internal # wpstack registry", "r.internal"));
    }

    @Test
    void aVolumeStillInUseAfterThirtySecondsIsAnError() {
        var reads = new FakeRegistryReads();
        reads.volumeInUse = true;
        var app = RegistryFixtures.app(dir, Map.of(), new RecordingExecutor());
        var down = new RegistryDown(
                app, RegistryFixtures.runtime(dir, reads, RegistryFixtures.ticking(RegistryFixtures.NOW)));
        down.purge = true;
        var e = assertThrows(WpstackException.class, down::call);
        assertEquals(RegistryDown.volumeInUse("registry"), e.getMessage());
        assertEquals(
                "cannot remove volume registry_data (still in use?); see docker ps -a, then rerun ./wpstack registry"
                        + " down --purge",
                e.getMessage());
    }

    @Test
    void aStackThatLingersIsAnError() {
        var reads = new FakeRegistryReads();
        reads.leftovers = true;
        var app = RegistryFixtures.app(dir, Map.of(), new RecordingExecutor());
        var down = new RegistryDown(
                app, RegistryFixtures.runtime(dir, reads, RegistryFixtures.ticking(RegistryFixtures.NOW)));
        assertEquals(
                "stack registry's containers or network still exist after 60s; check docker ps -a and docker network"
                        + " ls, then rerun",
                assertThrows(WpstackException.class, down::call).getMessage());
    }
}

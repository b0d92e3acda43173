package io.wpstack.cli.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.engine.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseOutcomeTest {
    private static final String T1 = "2026-12-04T10:00:00Z";
    private static final String T2 = "2026-12-04T11:00:00Z";

    static ServiceRelease release(String service, String image, String previous, String state, String started) {
        return new ServiceRelease(service, image, previous, state, started, state.isEmpty() ? "" : "msg " + state);
    }

    @Test
    void readsTheSpecTheUpdateStatusAndKeepsTheDigestApart() {
        var json = Json.parse(
                "{\"Spec\":{\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"r:5001/wpstack/wordpress:2@sha256:ab\"}}},"
                        + "\"PreviousSpec\":{\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"wpstack/wordpress:1\"}}},"
                        + "\"UpdateStatus\":{\"State\":\"completed\",\"StartedAt\":\"" + T1
                        + "\",\"Message\":\"update completed\"}}");
        var release = ServiceRelease.of("wordpress", json);
        assertEquals(
                new ServiceRelease(
                        "wordpress",
                        "r:5001/wpstack/wordpress:2",
                        "wpstack/wordpress:1",
                        "completed",
                        T1,
                        "update completed",
                        "sha256:ab"),
                release);
        assertEquals("2", release.version());
        assertEquals("r:5001/wpstack/wordpress:2@sha256:ab", release.pinned());
        assertEquals("", ServiceRelease.of("cron", Json.parse("{}")).state());
    }

    @Test
    void aRollbackDuringThisDeployIsAFailureNamingServiceImageAndTaskError() {
        var before = Map.of(
                "wordpress", release("wordpress", "wpstack/wordpress:1", "", "completed", T1),
                "adminer", release("adminer", "wpstack/adminer:1", "", "", ""));
        var after = List.of(
                release("wordpress", "wpstack/wordpress:1", "", "rollback_completed", T2),
                release("adminer", "wpstack/adminer:1", "", "", ""));
        var failures = ReleaseOutcome.failures(
                "s1",
                before,
                after,
                Map.of("wordpress", "wpstack/wordpress:broken", "adminer", "wpstack/adminer:1"),
                List.of(
                        "task error: s1_adminer.1 (Running): other",
                        "task error: s1_wordpress.1 (Failed): non-zero exit (1)"));
        assertEquals(
                List.of("service wordpress: the update to wpstack/wordpress:broken failed and Swarm rolled it back to"
                        + " wpstack/wordpress:1 (Swarm: msg rollback_completed); task error: s1_wordpress.1 (Failed):"
                        + " non-zero exit (1)"),
                failures);
        assertTrue(
                ReleaseOutcome.failureMessage(failures).startsWith("the release was rolled back: service wordpress"));
    }

    @Test
    void anEarlierRollbackStillShownByTheEngineIsNoFailureOfThisDeploy() {
        var old = release("wordpress", "wpstack/wordpress:1", "", "rollback_completed", T1);
        assertEquals(
                List.of(), ReleaseOutcome.failures("s1", Map.of("wordpress", old), List.of(old), Map.of(), List.of()));
        var paused = release("caddy", "wpstack/caddy:1", "", "paused", T2);
        assertEquals(
                List.of("service caddy: the update to its new version failed and Swarm stopped the update half-way"
                        + " (paused) (Swarm: msg paused)"),
                ReleaseOutcome.failures("s1", Map.of(), List.of(paused), Map.of(), List.of()));
    }

    @Test
    void versionsSayWhatEachServiceEndedOnAndWhetherItChanged() {
        var before = Map.of(
                "wordpress", release("wordpress", "wpstack/wordpress:1", "", "completed", T1),
                "adminer", release("adminer", "wpstack/adminer:1", "", "", ""),
                "caddy", release("caddy", "wpstack/caddy:1", "", "completed", T1));
        var after = List.of(
                release("wordpress", "wpstack/wordpress:2", "wpstack/wordpress:1", "completed", T2),
                release("adminer", "wpstack/adminer:1", "", "", ""),
                release("caddy", "wpstack/caddy:1", "", "rollback_completed", T2),
                release("backup", "wpstack/backup:2", "", "", ""));
        assertEquals(
                "  wordpress  2  (updated from 1)\n"
                        + "  adminer    1  (unchanged)\n"
                        + "  caddy      1  (rolled back)\n"
                        + "  backup     2  (new)\n",
                ReleaseOutcome.versions(before, after));
    }
}

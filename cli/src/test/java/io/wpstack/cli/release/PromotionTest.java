package io.wpstack.cli.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.WpstackException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionTest {
    private static final List<String> BUILT = List.of("wordpress", "caddy");
    private static final String WP_A = "wpstack/wordpress:id-aaaaaaaaaaaa";
    private static final String WP_B = "wpstack/wordpress:id-bbbbbbbbbbbb";
    private static final String CADDY = "wpstack/caddy:id-cccccccccccc";
    private static final String WP_REG = "reg:5001/wpstack/wordpress:3@sha256:" + "1".repeat(64);
    private static final String CADDY_REG = "reg:5001/wpstack/caddy:3@sha256:" + "2".repeat(64);

    private static DeployRecord record(
            String minute, String environment, String version, String outcome, String wordpress, String caddy) {
        Map<String, String> images = new LinkedHashMap<>();
        images.put("wordpress", wordpress);
        images.put("cron", wordpress);
        images.put("caddy", caddy);
        return new DeployRecord(
                Instant.parse("2026-12-07T10:" + minute + ":00Z"),
                "ops@dev1",
                "up",
                environment,
                version,
                outcome,
                images);
    }

    private static Promotion.Decision decide(String version, List<DeployRecord> records, Map<String, String> current) {
        return Promotion.decide(version, records, BUILT, current, reference -> true);
    }

    @Test
    void onlyProductionWithAnExplicitVersionIsAPromotion() {
        assertTrue(Promotion.applies("production", "3"));
        assertFalse(Promotion.applies("production", ""));
        assertFalse(Promotion.applies("development", "3"));
    }

    @Test
    void theNewestSuccessfulDevelopmentDeployOfTheVersionIsPinnedNotWhatTheTagNamesNow() {
        List<DeployRecord> records = List.of(
                record("00", "development", "3", "deployed", WP_A, CADDY),
                record("10", "development", "3", "deployed", WP_B, CADDY),
                record("20", "development", "3", "rolled back by Swarm", WP_A, CADDY),
                record("30", "production", "3", "deployed", WP_A, CADDY),
                record("40", "development", "4", "deployed", WP_A, CADDY));
        var pinned = assertInstanceOf(
                Promotion.Pinned.class, decide("3", records, Map.of("wordpress", WP_A, "caddy", CADDY)));
        assertEquals(Map.of("WORDPRESS_IMAGE", WP_B, "CADDY_IMAGE", CADDY), pinned.variables());
        assertEquals(Instant.parse("2026-12-07T10:10:00Z"), pinned.tested().time());
        assertEquals(
                List.of("wordpress: version 3 names " + WP_A + " now, not the " + WP_B
                        + " tested in development; deploying the tested one"),
                pinned.warnings());
        assertEquals(
                "promoting version 3: the images tested in development (deployed 2026-12-07 10:10:00Z by ops@dev1),"
                        + " not whatever its tag names now",
                pinned.info());
    }

    @Test
    void registryImagesArePinnedToTheDigestSwarmResolvedInDevelopment() {
        var pinned = assertInstanceOf(
                Promotion.Pinned.class,
                decide(
                        "3",
                        List.of(record("00", "development", "3", "deployed", WP_REG, CADDY_REG)),
                        Map.of("wordpress", "reg:5001/wpstack/wordpress:3")));
        assertEquals(Map.of("WORDPRESS_IMAGE", WP_REG, "CADDY_IMAGE", CADDY_REG), pinned.variables());
        assertEquals(List.of(), pinned.warnings());
    }

    @Test
    void aVersionNeverDeployedInDevelopmentOrOnlyByAMovableTagIsUntestedAndSaysSo() {
        var none = assertInstanceOf(
                Promotion.Untested.class,
                decide("3", List.of(record("00", "production", "3", "deployed", WP_A, CADDY)), Map.of()));
        assertEquals(
                "version 3 has no deploy in development on this swarm (./wpstack history): its images were not"
                        + " tested here, and deploy by their tag",
                none.reason());
        var tagged = assertInstanceOf(
                Promotion.Untested.class,
                decide(
                        "3",
                        List.of(record("00", "development", "3", "deployed", "reg:5001/wpstack/wordpress:3", CADDY)),
                        Map.of()));
        assertTrue(tagged.reason().contains("a tag with no digest"), tagged.reason());
        var missing = assertInstanceOf(
                Promotion.Untested.class,
                Promotion.decide(
                        "3",
                        List.of(record("00", "development", "3", "deployed", WP_A, CADDY)),
                        List.of("wordpress", "adminer"),
                        Map.of(),
                        reference -> true));
        assertTrue(missing.reason().contains("has no image of adminer"), missing.reason());
    }

    @Test
    void aTestedLocalImageNoLongerOnTheMachineStopsTheDeployNamingIt() {
        var error = assertThrows(
                WpstackException.class,
                () -> Promotion.decide(
                        "3",
                        List.of(record("00", "development", "3", "deployed", WP_A, CADDY)),
                        BUILT,
                        Map.of(),
                        reference -> !reference.equals(WP_A)));
        assertTrue(
                error.getMessage()
                        .startsWith("version 3 was tested in development as " + WP_A + ", which is no"
                                + " longer on this machine"),
                error.getMessage());
    }

    @Test
    void theCheckAfterTheDeployNamesEachServiceNotRunningItsTestedImage() {
        var pinned = assertInstanceOf(
                Promotion.Pinned.class,
                decide("3", List.of(record("00", "development", "3", "deployed", WP_REG, CADDY)), Map.of()));
        String wordpressImage = WP_REG.substring(0, WP_REG.indexOf('@'));
        String digest = WP_REG.substring(WP_REG.indexOf('@') + 1);
        var asTested = List.of(
                new ServiceRelease("wordpress", wordpressImage, "", "", "", "", digest),
                new ServiceRelease("caddy", CADDY, "", "", "", ""),
                new ServiceRelease("mariadb", "wpstack/mariadb:id-dddddddddddd", "", "", "", ""));
        assertEquals(List.of(), Promotion.mismatches(pinned, asTested));
        assertEquals("checked: wordpress, caddy run the images tested in development", Promotion.checked(pinned));
        var other = List.of(
                new ServiceRelease("wordpress", wordpressImage, "", "", "", "", "sha256:" + "9".repeat(64)),
                new ServiceRelease("caddy", "wpstack/caddy:id-eeeeeeeeeeee", "", "", "", ""));
        assertEquals(
                List.of(
                        "wordpress runs " + wordpressImage + "@sha256:" + "9".repeat(64) + ", not the tested " + WP_REG,
                        "caddy runs wpstack/caddy:id-eeeeeeeeeeee, not the tested " + CADDY),
                Promotion.mismatches(pinned, other));
    }

    @Test
    void aServicesPinnedDigestIsReadFromItsSpecAndKeptInTheHistory() {
        assertEquals("sha256:abc", ServiceRelease.digestOf("r/wpstack/wordpress:3@sha256:abc"));
        assertEquals("", ServiceRelease.digestOf("wpstack/wordpress:id-aaaaaaaaaaaa"));
        var release = new ServiceRelease("wordpress", "r/wpstack/wordpress:3", "", "", "", "", "sha256:abc");
        assertEquals(Map.of("wordpress", "r/wpstack/wordpress:3@sha256:abc"), DeployRecord.imagesOf(List.of(release)));
        assertEquals("3", DeployRecord.tagOf("r/wpstack/wordpress:3@sha256:abc"));
    }
}

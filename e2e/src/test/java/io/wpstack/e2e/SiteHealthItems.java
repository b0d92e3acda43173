package io.wpstack.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * The recommended Site Health items wpstack accepts, each with its reason in docs/operations.md#site-health.
 * Anything else Site Health recommends fails the suites.
 */
final class SiteHealthItems {
    /** No full-page cache yet (issue "A fast site"). */
    static final String PAGE_CACHE = "Page cache is not detected";

    /** WordPress cannot ask WordPress.org whether a newer version exists on a machine with no route to it. */
    static final String VERSION_UNCHECKED = "WordPress version";

    /** Development serves plain HTTP by design. */
    static final String NO_HTTPS = "Your website does not use HTTPS";

    static final List<String> ACCEPTED_IN_PRODUCTION = List.of(PAGE_CACHE, VERSION_UNCHECKED);
    static final List<String> ACCEPTED_IN_DEVELOPMENT = List.of(PAGE_CACHE, VERSION_UNCHECKED, NO_HTTPS);

    private SiteHealthItems() {}

    /** Prints the grade, then fails on any critical item but WordPress.org's and on any recommended item not accepted. */
    static void assertAcceptable(String environment, WordPressPages.SiteHealth health, List<String> accepted) {
        System.out.println("[" + environment + "] Site Health: " + health);
        assertEquals(List.of(), health.criticalBesidesWordPressOrg(), "Site Health: " + health);
        for (String item : health.recommended()) {
            assertTrue(
                    accepted.stream().anyMatch(item::contains),
                    "a recommended item nobody accepted (docs/operations.md#site-health): " + item);
        }
    }
}

package io.wpstack.cli.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSummaryTest {
    @TempDir
    Path root;

    /** The sample reports of src/test/resources/test/reports, copied to {@link #root}. */
    void copyReports() throws IOException, URISyntaxException {
        Path reports = Path.of(getClass().getResource("/test/reports").toURI());
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = root.resolve(reports.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    @Test
    void countsPassedFailedAndSkippedTestsPerModule() throws Exception {
        copyReports();
        var counts = TestReports.counts(TestReports.read(root, Instant.EPOCH));
        assertEquals(
                List.of(new TestReports.ModuleCounts("cli", 2, 1, 1), new TestReports.ModuleCounts("e2e", 1, 1, 1)),
                counts);
    }

    @Test
    void listsEverySkippedTestWithItsClassNameAndReason() throws Exception {
        copyReports();
        var results = List.of(StepResult.passed("java suites", 60));
        String text = TestCommand.summary(root, results, Instant.EPOCH, 61).text();
        assertTrue(text.contains("  cli                  2 passed, 1 failed, 1 skipped\n"), text);
        assertTrue(text.contains("  e2e                  1 passed, 1 failed, 1 skipped\n"), text);
        assertTrue(text.contains("  SKIPPED  cli io.wpstack.cli.SampleTest.needsIpv6: no IPv6 on this host\n"), text);
        assertTrue(
                text.contains("  SKIPPED  e2e io.wpstack.e2e.SiteIT.sendsMail: Assumption failed: SMTP_HOST is not"
                        + " set\n"),
                text);
        assertTrue(
                text.contains(
                        "  FAILED   cli io.wpstack.cli.SampleTest.readsTheSettings: expected: <1> but was: <2>\n"),
                text);
        assertTrue(text.contains("  FAILED   e2e io.wpstack.e2e.SiteIT.backsUp: Connection refused\n"), text);
        assertTrue(text.endsWith("wpstack test: all 1 steps passed\n"), text);
    }

    @Test
    void reportsOfEarlierRunsAreNotRead() throws Exception {
        copyReports();
        assertEquals(List.of(), TestReports.read(root, Instant.now().plusSeconds(60)));
    }

    @Test
    void noReportsAreReadWhenTheJavaSuitesWereSkipped() throws Exception {
        copyReports();
        var results = List.of(StepResult.skipped("java suites", "swarm"));
        String text = TestCommand.summary(root, results, Instant.EPOCH, 1).text();
        assertTrue(!text.contains("SKIPPED"), text);
        assertTrue(text.contains("SKIP (needs swarm)"), text);
    }
}

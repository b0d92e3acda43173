package io.wpstack.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    private static DockerIgnore parse(String text) {
        return DockerIgnore.parse(text).orElseThrow();
    }

    @Test
    void theRepositorysOwnPatternsLeaveOutWhatDockerLeavesOut() {
        var ignore = parse("# comment\n**/target/\n.git/\n.wpstack/\n.credentials\n*.log\n.flattened-pom.xml\n");
        assertTrue(ignore.excludes("target"));
        assertTrue(ignore.excludes("cli/target/classes/A.class"));
        assertTrue(ignore.excludes("cli/src/test/resources/reports/x/target/y.xml"));
        assertTrue(ignore.excludes(".git/HEAD"));
        assertTrue(ignore.excludes(".wpstack/java/abc/bin/java"));
        assertTrue(ignore.excludes("build.log"));
        assertFalse(ignore.excludes("logs/build.log"), "* stays within one segment, as in docker");
        assertFalse(ignore.excludes("cli/src/main/java/Target.java"));
        assertFalse(ignore.excludes("pom.xml"));
        assertFalse(ignore.excludes(".gitignore"));
    }

    @Test
    void theLastMatchingPatternDecidesAndAnExceptionBringsAFileBack() {
        var ignore = parse("docs\n!docs/metrics.md\n");
        assertTrue(ignore.excludes("docs/operations.md"));
        assertFalse(ignore.excludes("docs/metrics.md"));
        assertTrue(ignore.hasExceptions());
        assertFalse(parse("docs\n").hasExceptions());
    }

    @Test
    void patternsAreCleanedAndQuestionMarksMatchOneCharacter() {
        var ignore = parse("/a/./b/\nfile?.txt\n");
        assertTrue(ignore.excludes("a/b/c"));
        assertTrue(ignore.excludes("file1.txt"));
        assertFalse(ignore.excludes("file12.txt"));
    }

    @Test
    void characterClassesAndEscapesAreNotTrusted() {
        assertEquals(Optional.empty(), DockerIgnore.parse("file[0-9]\n"));
        assertEquals(Optional.empty(), DockerIgnore.parse("a\\*b\n"));
    }
}

package io.wpstack.cli.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineContainersTest {
    @Test
    void theStateIsTheLastLineOnStdoutWhateverStderrSays() {
        assertEquals(
                "installed-now",
                EngineContainers.state("installed-now\n", "sh: 1: /usr/sbin/sendmail: not found\n", 0));
    }

    @Test
    void withoutStdoutStderrsLastLineIsTheFailure() {
        assertEquals("failed: PHP Fatal error: x", EngineContainers.state("", "notice\nPHP Fatal error: x\n", 255));
        assertEquals("failed: no output (exit 126)", EngineContainers.state("", "", 126));
    }
}

package io.wpstack.exporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgumentsTest {
    @Test
    void servesOnPort8000ByDefault() throws UsageException {
        Command.Serve serve = (Command.Serve) Arguments.parse(List.of());
        assertEquals(8000, serve.listen().getPort());
        assertTrue(serve.listen().getAddress().isAnyLocalAddress());
        assertEquals(Duration.ZERO, serve.minRefreshInterval());
        assertEquals(Duration.ofSeconds(10), serve.collectTimeout());
        assertEquals(false, serve.legacyMetrics());
    }

    @Test
    void readsEveryServeFlagInBothSpellings() throws UsageException {
        Command.Serve serve = (Command.Serve) Arguments.parse(List.of(
                "serve",
                "--listen=127.0.0.1:9100",
                "--min-refresh-interval",
                "5s",
                "--collect-timeout=1m30s",
                "--legacy-metrics"));
        assertEquals(9100, serve.listen().getPort());
        assertEquals(Duration.ofSeconds(5), serve.minRefreshInterval());
        assertEquals(Duration.ofSeconds(90), serve.collectTimeout());
        assertTrue(serve.legacyMetrics());
    }

    @Test
    void nodeModeReadsTheHostsCgroupFsAndProcOnPort8001ByDefault() throws UsageException {
        Command.Node node = (Command.Node) Arguments.parse(List.of("node"));
        assertEquals(8001, node.listen().getPort());
        assertEquals(Path.of("/sys/fs/cgroup"), node.cgroupRoot());
        assertEquals(Path.of("/proc"), node.procRoot());
        assertEquals(Duration.ofSeconds(5), node.apiTimeout());
    }

    @Test
    void readsEveryNodeFlag() throws UsageException {
        Command.Node node = (Command.Node) Arguments.parse(List.of(
                "node",
                "--listen=:9101",
                "--cgroup-root",
                "/host/sys/fs/cgroup",
                "--proc-root=/host/proc",
                "--api-timeout",
                "2s"));
        assertEquals(9101, node.listen().getPort());
        assertEquals(Path.of("/host/sys/fs/cgroup"), node.cgroupRoot());
        assertEquals(Path.of("/host/proc"), node.procRoot());
        assertEquals(Duration.ofSeconds(2), node.apiTimeout());
        assertThrows(UsageException.class, () -> Arguments.parse(List.of("node", "--legacy-metrics")));
    }

    @Test
    void readsCheckFlags() throws UsageException {
        Command.Check check =
                (Command.Check) Arguments.parse(List.of("check", "--stack", "wpstack", "--timeout", "90s"));
        assertEquals("wpstack", check.stack());
        assertEquals(Duration.ofSeconds(90), check.timeout());
        assertEquals(Duration.ofSeconds(2), check.interval());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--bogus                       | unknown argument --bogus",
                "--listen                      | --listen needs a value",
                "--listen 8000                 | write it as [HOST]:PORT",
                "--listen :99999               | the port must be a number",
                "--collect-timeout 10          | not a duration",
                "--collect-timeout 0s          | must be more than 0",
                "check --timeout soon          | --timeout soon: not a duration",
                "check --stack                 | --stack needs a value",
            })
    void badInputNamesTheArgumentAndTheFix(String line, String message) {
        UsageException e = assertThrows(UsageException.class, () -> Arguments.parse(List.of(line.split(" "))));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms,500", "10s,10000", "5m,300000", "1h30m,5400000", "2m5s,125000"})
    void parsesGoDurations(String text, long millis) throws UsageException {
        assertEquals(Duration.ofMillis(millis), Durations.parse("--x", text));
    }
}

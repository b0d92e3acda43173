package io.wpstack.cli.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggedExecutionTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private Step.Logged sh(String script, Duration progress, String failure, List<Step.Logged.Diagnosis> diagnoses) {
        return new Step.Logged(
                "",
                List.of("sh", "-c", script),
                Map.of(),
                dir,
                dir.resolve("logs/x.log"),
                false,
                progress,
                2,
                failure,
                diagnoses);
    }

    @Test
    void theLastStepIsTheLastClassicOrBuildkitStepLine() {
        assertEquals(
                ", at: #7 [build 3/5] RUN make",
                LoggedExecution.lastStep("#6 [build 2/5] COPY x\n#7 [build 3/5] RUN make\n#7 0.3 ok\n"));
        assertEquals(
                ", at: Step 2/9 : RUN apt-get",
                LoggedExecution.lastStep("Step 1/9 : FROM x\nStep 2/9 : RUN apt-get\n ---> abc\n"));
        assertEquals("", LoggedExecution.lastStep("nothing\n"));
        assertEquals(
                106, LoggedExecution.lastStep("Step 1/2 : " + "x".repeat(200)).length());
    }

    @Test
    void theProgramReadsItsInputFileOnStandardInput() throws Exception {
        Path input = Files.writeString(dir.resolve("Caddyfile"), ":80 {\n\trespond ok\n}\n");
        var run = sh("wc -l", null, "it failed", List.of()).withInput(input);
        assertEquals(0, LoggedExecution.run(run, errStream, Map.of()));
        assertEquals("3", Files.readString(dir.resolve("logs/x.log")).strip());
    }

    @Test
    void withoutAnInputFileTheProgramsStandardInputIsClosed() throws Exception {
        var run = sh("wc -c", null, "it failed", List.of());
        assertEquals(0, LoggedExecution.run(run, errStream, Map.of()));
        assertEquals("0", Files.readString(dir.resolve("logs/x.log")).strip());
    }

    @Test
    void aFailureShowsTheLogsLastLinesThenTheMessage() {
        var run = sh("echo one; echo two >&2; echo three; exit 3", null, "it failed after {seconds}s", List.of());
        var e = assertThrows(PlanFailure.class, () -> LoggedExecution.run(run, errStream, Map.of()));
        assertEquals("it failed after 0s", e.getMessage());
        assertEquals(
                "--- last lines of " + dir.resolve("logs/x.log") + ":\ntwo\nthree\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aKnownCauseIsNamedWithoutTheTail() {
        var run = sh(
                "echo 'x509: certificate signed by unknown authority'; exit 1",
                null,
                "push failed",
                List.of(
                        new Step.Logged.Diagnosis("no such host", "dns"),
                        new Step.Logged.Diagnosis("x509:", "untrusted")));
        var e = assertThrows(PlanFailure.class, () -> LoggedExecution.run(run, errStream, Map.of()));
        assertEquals("untrusted", e.getMessage());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutFailureMessageTheExitStatusIsIgnoredAndAppendKeepsTheLog() throws Exception {
        LoggedExecution.run(sh("echo first", null, null, List.of()), errStream, Map.of());
        var second = new Step.Logged(
                "",
                List.of("sh", "-c", "echo second; exit 4"),
                Map.of(),
                dir,
                dir.resolve("logs/x.log"),
                true,
                null,
                0,
                null,
                List.of());
        assertEquals(4, LoggedExecution.run(second, errStream, Map.of()));
        assertEquals("first\nsecond\n", Files.readString(dir.resolve("logs/x.log")));
    }

    @Test
    void longWorkPrintsProgressWithTheLastStep() {
        var run = sh("echo '#5 [2/3] RUN apt-get install'; sleep 1", Duration.ofMillis(200), "f", List.of());
        assertEquals(0, LoggedExecution.run(run, errStream, Map.of()));
        String out = err.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("==>   ... 0s, at: #5 [2/3] RUN apt-get install\n"), out);
    }
}

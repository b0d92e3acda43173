package io.wpstack.cli.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wpstack.cli.plan.PlanFailure;
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

class LoggedRunTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private LoggedRun sh(String script, Duration progress, String failure, List<LoggedRun.Diagnosis> diagnoses) {
        return new LoggedRun(
                "",
                List.of("sh", "-c", script),
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
                LoggedRun.lastStep("#6 [build 2/5] COPY x\n#7 [build 3/5] RUN make\n#7 0.3 ok\n"));
        assertEquals(
                ", at: Step 2/9 : RUN apt-get",
                LoggedRun.lastStep("Step 1/9 : FROM x\nStep 2/9 : RUN apt-get\n ---> abc\n"));
        assertEquals("", LoggedRun.lastStep("nothing\n"));
        assertEquals(106, LoggedRun.lastStep("Step 1/2 : " + "x".repeat(200)).length());
    }

    @Test
    void aFailureShowsTheLogsLastLinesThenTheMessage() {
        var run = sh("echo one; echo two >&2; echo three; exit 3", null, "it failed after {seconds}s", List.of());
        var e = assertThrows(PlanFailure.class, () -> run.execute(errStream, Map.of()));
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
                List.of(new LoggedRun.Diagnosis("no such host", "dns"), new LoggedRun.Diagnosis("x509:", "untrusted")));
        var e = assertThrows(PlanFailure.class, () -> run.execute(errStream, Map.of()));
        assertEquals("untrusted", e.getMessage());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutFailureMessageTheExitStatusIsIgnoredAndAppendKeepsTheLog() throws Exception {
        sh("echo first", null, null, List.of()).execute(errStream, Map.of());
        var second = new LoggedRun(
                "",
                List.of("sh", "-c", "echo second; exit 4"),
                dir,
                dir.resolve("logs/x.log"),
                true,
                null,
                0,
                null,
                List.of());
        assertEquals(4, second.execute(errStream, Map.of()));
        assertEquals("first\nsecond\n", Files.readString(dir.resolve("logs/x.log")));
    }

    @Test
    void longWorkPrintsProgressWithTheLastStep() {
        var run = sh("echo '#5 [2/3] RUN apt-get install'; sleep 1", Duration.ofMillis(200), "f", List.of());
        assertEquals(0, run.execute(errStream, Map.of()));
        String out = err.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("==>   ... 0s, at: #5 [2/3] RUN apt-get install\n"), out);
    }
}

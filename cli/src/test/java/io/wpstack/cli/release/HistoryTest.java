package io.wpstack.cli.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wpstack.cli.plan.Step;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private static final Instant TIME = Instant.parse("2026-12-04T10:15:30.250Z");

    private static DeployRecord record(Instant time, String version) {
        Map<String, String> images = new LinkedHashMap<>();
        images.put("wordpress", "r:5001/wpstack/wordpress:" + version);
        images.put("caddy", "wpstack/caddy:0.1.0-abc");
        return new DeployRecord(time, "ops@web1", "up", "production", version, "deployed", images);
    }

    @Test
    void aRecordReadsBackAsWritten() {
        var record = record(TIME, "2");
        assertEquals(record, DeployRecord.parse(record.text()));
        assertEquals("wordpress=2 caddy=0.1.0-abc", record.versions());
        assertEquals(
                new DeployRecord(Instant.EPOCH, "", "", "", "", "", Map.of()), DeployRecord.parse("garbage\nx: y\n"));
    }

    @Test
    void whoDeployedIsTheSudoUserElseTheLoginUser() {
        assertEquals("alice@web1", DeployRecord.user(Map.of("SUDO_USER", "alice", "USER", "root"), "web1"));
        assertEquals("root", DeployRecord.user(Map.of("USER", "root"), ""));
        assertEquals(System.getProperty("user.name") + "@h", DeployRecord.user(Map.of(), "h"));
    }

    @Test
    void recordingCreatesALabelledConfigFromStandardInputAndDropsTheOldestBeyondTheLimit() {
        List<String> existing = IntStream.range(0, History.KEEP)
                .mapToObj(i -> String.format("s1_history_2026%04d", i))
                .toList()
                .reversed();
        var plan = History.record("s1", record(TIME, "2"), existing);
        var create = (Step.Run) plan.steps().getFirst();
        assertEquals(
                List.of(
                        "docker",
                        "config",
                        "create",
                        "--label",
                        "io.wpstack.history=s1",
                        "s1_history_20261204T101530250Z",
                        "-"),
                create.argv());
        assertEquals(record(TIME, "2").text(), create.input());
        assertEquals(
                List.of(List.of("docker", "config", "rm", "s1_history_20260000")),
                plan.commands().subList(1, plan.commands().size()));
        assertEquals(
                1, History.record("s1", record(TIME, "2"), List.of()).steps().size());
    }

    @Test
    void theTableListsNewestFirst() {
        var entries = List.of(
                new History.Entry("a", record(TIME, "1")), new History.Entry("b", record(TIME.plusSeconds(60), "2")));
        assertEquals(
                "TIME                  ACTION  USER      ENV         VERSION  OUTCOME   IMAGES\n"
                        + "2026-12-04 10:16:30Z  up      ops@web1  production  2        deployed  wordpress=2 caddy=0.1.0-abc\n"
                        + "2026-12-04 10:15:30Z  up      ops@web1  production  1        deployed  wordpress=1 caddy=0.1.0-abc\n",
                History.table("s1", entries));
        assertEquals(
                "no deploys of stack s1 recorded yet (./wpstack up records each one)\n",
                History.table("s1", List.of()));
    }
}

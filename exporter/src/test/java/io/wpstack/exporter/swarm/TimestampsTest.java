package io.wpstack.exporter.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-26T06:58:12.123456789Z",
                "2026-11-26T06:58:12Z",
                "2026-11-26T06:58:12.5Z",
                "2024-02-29T23:59:59.999999999Z",
                "2000-03-01T00:00:00.000000001Z",
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.1Z",
                "0001-01-01T00:00:00Z",
                "2026-11-26T07:58:12.123+01:00",
                "2026-11-26T24:00:00Z",
                "2026-11-26T06:58:12.Z",
            })
    void readsWhatInstantParseReads(String text) {
        assertEquals(Instant.parse(text), Timestamps.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "yesterday",
                "2026-02-30T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-11-26T06:58:12.1234567890Z",
                "2026-11-26 06:58:12Z"
            })
    void readsTheEpochForAnythingElse(String text) {
        assertEquals(Instant.EPOCH, Timestamps.parse(text));
    }

    @Test
    void everyDayOfFourCenturiesMatchesTheJdk() {
        for (LocalDate day = LocalDate.of(1800, 1, 1); day.getYear() < 2200; day = day.plusDays(1)) {
            String text = day + "T12:34:56.789Z";
            assertEquals(day.atTime(12, 34, 56, 789_000_000).toInstant(ZoneOffset.UTC), Timestamps.parse(text), text);
        }
    }
}

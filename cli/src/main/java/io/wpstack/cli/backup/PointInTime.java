package io.wpstack.cli.backup;

import io.wpstack.cli.UsageException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * The time {@code restore --to} replays the binary log up to: given as {@code YYYY-MM-DD HH:MM[:SS]} in
 * the machine's time zone, or with an offset ({@code 2026-12-01T14:05:00Z}, {@code ...+01:00}); handed
 * to the restore job in UTC, the zone its mariadb-binlog reads times in.
 */
public record PointInTime(Instant instant) {
    /** The local form: a space or a T between date and time, seconds optional. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart()
            .appendPattern(":ss")
            .optionalEnd()
            .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
            .toFormatter(Locale.ROOT);

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** TEXT as a time in ZONE (unless it names its offset); a time after NOW is refused. */
    public static PointInTime parse(String text, ZoneId zone, Instant now) {
        Instant instant = null;
        String trimmed = text.strip();
        for (var parser : List.<java.util.function.Supplier<Instant>>of(
                () -> OffsetDateTime.parse(trimmed).toInstant(),
                () -> LocalDateTime.parse(trimmed, LOCAL).atZone(zone).toInstant())) {
            try {
                instant = parser.get();
                break;
            } catch (DateTimeParseException e) {
                // the next form
            } catch (DateTimeException e) {
                break;
            }
        }
        if (instant == null) {
            throw new UsageException(
                    "restore",
                    "--to \"" + text + "\" is not a time: give YYYY-MM-DD HH:MM[:SS] (in " + zone.getId()
                            + ", this machine's time zone) or with an offset, e.g. 2026-12-01T14:05:00Z");
        }
        if (instant.isAfter(now)) {
            throw new UsageException(
                    "restore",
                    "--to " + UTC.format(instant) + " UTC is in the future (now: " + UTC.format(now)
                            + " UTC); give a time that has passed");
        }
        return new PointInTime(instant);
    }

    /** The time as the restore job takes it: UTC, to the second. */
    public String utc() {
        return UTC.format(instant);
    }

    @Override
    public String toString() {
        return utc() + " UTC";
    }
}

package org.civicbroker.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;
import org.civicbroker.common.error.NgsiException;

/**
 * ISO 8601 DateTimes of NGSI-LD (clause 4.6.3: DateTime values are ISO 8601 strings, UTC): the one
 * place where the broker parses and prints them.
 *
 * <p>Printing ({@link #format}): UTC with a {@code Z}, whole seconds without a fraction
 * ({@code 2020-08-01T12:03:00Z}) and a millisecond fraction only when there is one
 * ({@code 2020-08-01T12:03:00.250Z}). The store keeps milliseconds, so a time sent in whole seconds
 * or milliseconds is printed in the form it was sent, and every time the broker prints (entities,
 * sysAttrs, temporal instances, aggregation periods, notifications, Content-Range) follows this rule.
 * Finer fractions than milliseconds are truncated (the store's precision).
 *
 * <p>Accepted: {@code 2024-05-01T10:00:00Z}, fractional seconds, offsets {@code +05:30} / {@code +0530}
 * / {@code +05}, and a missing offset, which is read as UTC (as Orion-LD, Scorpio and Stellio do).
 * Rejected: a date without a time, zone names, impossible dates ({@code 2024-02-30}), anything else.
 */
public final class DateTimes {

    private static final int MAX_LENGTH = 64;

    /** The accepted shape, checked first: the formatter alone would accept repeated offsets ("ZZ"). */
    private static final Pattern SHAPE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}(:?\\d{2})?)?");

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private DateTimes() {
    }

    /**
     * Parses an ISO 8601 DateTime.
     *
     * @throws NgsiException BadRequestData when {@code text} is not a DateTime
     */
    public static Instant parse(String text) {
        Instant result = tryParse(text);
        if (result == null) {
            throw NgsiException.badData("'" + abbreviate(text) + "' is not an ISO 8601 DateTime");
        }
        return result;
    }

    /** Parses an ISO 8601 DateTime, or returns null when {@code text} is not one. */
    public static Instant tryParse(String text) {
        if (text == null || text.length() > MAX_LENGTH || !SHAPE.matcher(text).matches()) {
            return null;
        }
        try {
            TemporalAccessor parsed = FORMAT.parse(text);
            LocalDateTime local = LocalDateTime.from(parsed);
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                    : ZoneOffset.UTC;
            return local.toInstant(offset);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The broker's printed form of a time: UTC, {@code Z}, a millisecond fraction only when not zero. */
    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) + "..." : s;
    }
}

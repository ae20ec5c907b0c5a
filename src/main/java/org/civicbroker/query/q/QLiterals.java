package org.civicbroker.query.q;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Classifies an unquoted q value (clause 4.9: Number, dateTime, date, time, true, false, URI). */
final class QLiterals {

    static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.,]+(Z|[+-]\\d{2}:?\\d{2})?");
    static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final Pattern TIME = Pattern.compile("(\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)(Z|[+-]\\d{2}:\\d{2})?");
    /** An absolute URI: a scheme, a colon and at least one more character (clause 4.5.2 / RFC 3986). */
    static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");

    private QLiterals() {
    }

    static QLiteral classify(String word, int position) {
        if (word.isEmpty()) {
            throw QLexer.error("missing value", position);
        }
        if (word.equals("true") || word.equals("false")) {
            return new QLiteral.Bool(Boolean.parseBoolean(word));
        }
        if (NUMBER.matcher(word).matches()) {
            return number(word, position);
        }
        try {
            if (DATE_TIME.matcher(word).matches()) {
                return new QLiteral.DateTime(instant(word));
            }
            if (DATE.matcher(word).matches()) {
                return new QLiteral.Date(LocalDate.parse(word));
            }
            var time = TIME.matcher(word);
            if (time.matches()) {
                LocalTime.parse(time.group(1));
                return new QLiteral.Time(word);
            }
        } catch (DateTimeParseException e) {
            throw QLexer.error("invalid date or time '" + word + "'", position);
        }
        if (URI.matcher(word).matches()) {
            return new QLiteral.Uri(word);
        }
        throw QLexer.error("unquoted string value '" + abbreviate(word) + "' (strings are written in double quotes)",
                position);
    }

    private static QLiteral number(String word, int position) {
        BigDecimal value = new BigDecimal(word);
        double d = value.doubleValue();
        if (Double.isInfinite(d) || (d == 0 && value.signum() != 0)) {
            throw QLexer.error("number out of range '" + abbreviate(word) + "'", position);
        }
        return new QLiteral.Num(value);
    }

    private static java.time.Instant instant(String word) {
        try {
            return OffsetDateTime.parse(word).toInstant();
        } catch (DateTimeParseException e) {
            // clause 4.9 dateTime is ISO 8601; without an offset the broker reads it as UTC
            return LocalDateTime.parse(word).toInstant(ZoneOffset.UTC);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}

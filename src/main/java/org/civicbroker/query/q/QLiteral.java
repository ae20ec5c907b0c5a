package org.civicbroker.query.q;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A value written in a q expression (clause 4.9: Number, quotedStr, dateTime, date, time, true/false,
 * URI). Date-times are kept in a canonical UTC form ({@link Instant#toString()}) so that string
 * comparison against stored ISO strings is consistent in both back-ends.
 */
public sealed interface QLiteral {

    /** A quoted string, unescaped. */
    record Text(String value) implements QLiteral {
        public Text {
            Objects.requireNonNull(value);
        }
    }

    /** An unquoted absolute URI such as {@code urn:ngsi-ld:Building:1}; compares like a string. */
    record Uri(String value) implements QLiteral {
        public Uri {
            Objects.requireNonNull(value);
        }
    }

    record Num(BigDecimal value) implements QLiteral {
        public Num {
            Objects.requireNonNull(value);
        }

        /** True when the number is integral and fits a long (stored and compared as a long). */
        public boolean isLong() {
            BigDecimal s = value.stripTrailingZeros();
            return s.scale() <= 0 && s.precision() - s.scale() <= 18;
        }
    }

    record Bool(boolean value) implements QLiteral {
    }

    /** An ISO 8601 date-time; {@code canonical} is the UTC instant as {@link Instant#toString()}. */
    record DateTime(Instant instant) implements QLiteral {
        public DateTime {
            Objects.requireNonNull(instant);
        }

        public String canonical() {
            return instant.toString();
        }
    }

    /** An ISO 8601 calendar date ({@code 2018-12-04}). */
    record Date(LocalDate date) implements QLiteral {
        public Date {
            Objects.requireNonNull(date);
        }

        public String canonical() {
            return date.toString();
        }
    }

    /** An ISO 8601 time of day, kept as written after validation ({@code 12:00:00Z}). */
    record Time(String value) implements QLiteral {
        public Time {
            Objects.requireNonNull(value);
        }
    }

    /** The string form used for string comparisons, or null for numbers and booleans. */
    default String comparableString() {
        if (this instanceof Text t) {
            return t.value();
        }
        if (this instanceof Uri u) {
            return u.value();
        }
        if (this instanceof DateTime d) {
            return d.canonical();
        }
        if (this instanceof Date d) {
            return d.canonical();
        }
        if (this instanceof Time t) {
            return t.value();
        }
        return null;
    }
}

package org.civicbroker.query.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;
import org.civicbroker.model.AttributeType;

/**
 * Compares one stored candidate value with a q literal, the way the Mongo translator's filters do, so
 * both back-ends agree. A comparison between incompatible kinds yields null (the term is false):
 * <ul>
 *   <li>Number literals compare with JSON numbers (integers exactly, otherwise as doubles, which is
 *       how numbers are stored);</li>
 *   <li>quoted strings and URIs compare with JSON strings by code point (= MongoDB's UTF-8 byte
 *       order, no collation);</li>
 *   <li>true/false equal JSON booleans;</li>
 *   <li>dateTime literals compare, as strings in canonical UTC form ({@code 2018-12-04T12:00:00Z}),
 *       with strings that start like a date-time ({@value #DATE_TIME_SHAPE}) and with the {@code @value}
 *       of {@code {"@type": "DateTime", "@value": "..."}} objects: stored strings therefore compare
 *       correctly when written in canonical UTC form; date and time literals likewise with strings of
 *       their shape and {@code Date} / {@code Time} objects;</li>
 *   <li>the timestamps observedAt, createdAt and modifiedAt are instants (BSON dates, millisecond
 *       precision) compared with dateTime literals (and dates, as midnight UTC).</li>
 * </ul>
 */
public final class QValueComparison {

    static final String DATE_TIME_SHAPE = "^\\d{4}-\\d{2}-\\d{2}T";
    static final String DATE_SHAPE = "^\\d{4}-\\d{2}-\\d{2}$";
    static final String TIME_SHAPE = "^\\d{2}:\\d{2}";
    static final String AT_TYPE = "@type";
    static final String AT_VALUE = "@value";

    private static final Pattern DATE_TIME_P = Pattern.compile(DATE_TIME_SHAPE);
    private static final Pattern DATE_P = Pattern.compile(DATE_SHAPE);
    private static final Pattern TIME_P = Pattern.compile(TIME_SHAPE);

    private QValueComparison() {
    }

    /** The {@code @type} values that mark a typed date/time object for this literal kind. */
    static Set<String> typeMarkers(QLiteral literal) {
        String term = literal instanceof QLiteral.DateTime ? "DateTime"
                : literal instanceof QLiteral.Date ? "Date" : "Time";
        return Set.of(term, AttributeType.NGSI_LD + term);
    }

    /** The shape a plain stored string must have to compare with a date, time or date-time literal. */
    static String shape(QLiteral literal) {
        return literal instanceof QLiteral.DateTime ? DATE_TIME_SHAPE
                : literal instanceof QLiteral.Date ? DATE_SHAPE : TIME_SHAPE;
    }

    static boolean isTemporal(QLiteral literal) {
        return literal instanceof QLiteral.DateTime || literal instanceof QLiteral.Date
                || literal instanceof QLiteral.Time;
    }

    /** Sign of candidate - literal, or null when they are not comparable. */
    static Integer compare(Object candidate, QLiteral literal) {
        if (candidate instanceof Instant instant) {
            return compareInstant(instant, literal);
        }
        JsonNode node = (JsonNode) candidate;
        if (literal instanceof QLiteral.Num num) {
            return node.isNumber() ? compareNumber(node, num) : null;
        }
        if (literal instanceof QLiteral.Bool b) {
            return node.isBoolean() ? Boolean.compare(node.booleanValue(), b.value()) : null;
        }
        if (isTemporal(literal)) {
            String s = temporalString(node, literal);
            return s == null ? null : compareCodePoints(s, literal.comparableString());
        }
        return node.isTextual() ? compareCodePoints(node.textValue(), literal.comparableString()) : null;
    }

    static boolean matches(Object candidate, Pattern pattern) {
        return candidate instanceof JsonNode n && n.isTextual() && pattern.matcher(n.textValue()).find();
    }

    private static String temporalString(JsonNode node, QLiteral literal) {
        if (node.isTextual()) {
            Pattern shape = literal instanceof QLiteral.DateTime ? DATE_TIME_P
                    : literal instanceof QLiteral.Date ? DATE_P : TIME_P;
            return shape.matcher(node.textValue()).find() ? node.textValue() : null;
        }
        if (node.isObject() && node.path(AT_TYPE).isTextual() && node.path(AT_VALUE).isTextual()
                && typeMarkers(literal).contains(node.path(AT_TYPE).textValue())) {
            return node.path(AT_VALUE).textValue();
        }
        return null;
    }

    private static Integer compareInstant(Instant stored, QLiteral literal) {
        Instant other = literalInstant(literal);
        return other == null ? null : stored.truncatedTo(ChronoUnit.MILLIS).compareTo(other);
    }

    /** The instant a literal stands for when compared with a timestamp (millisecond precision), or null. */
    static Instant literalInstant(QLiteral literal) {
        if (literal instanceof QLiteral.DateTime dt) {
            return dt.instant().truncatedTo(ChronoUnit.MILLIS);
        }
        if (literal instanceof QLiteral.Date d) {
            return d.date().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    private static int compareNumber(JsonNode node, QLiteral.Num num) {
        if (node.isIntegralNumber() && node.canConvertToLong() && num.isLong()) {
            return Long.compare(node.longValue(), num.value().longValueExact());
        }
        return Double.compare(node.doubleValue() + 0.0, num.value().doubleValue() + 0.0);
    }

    /** Code-point order, which is the byte order of UTF-8 that MongoDB uses without a collation. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}

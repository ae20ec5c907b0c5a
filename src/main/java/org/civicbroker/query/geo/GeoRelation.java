package org.civicbroker.query.geo;

import java.util.Locale;
import java.util.OptionalDouble;
import org.civicbroker.common.error.NgsiException;

/**
 * The {@code georel} of a geo-query (GS CIM 009 clause 4.10):
 *
 * <pre>
 * georel        = nearRel / withinRel / containsRel / overlapsRel / intersectsRel / equalsRel / disjointRel
 * nearRel       = "near" ";" distance "==" PositiveNumber
 * distance      = "maxDistance" / "minDistance"
 * </pre>
 *
 * Distances are metres. As an extension (like NGSIv2 and Orion-LD) both distances may be given,
 * {@code near;minDistance==100;maxDistance==2000}, meaning a ring; each may appear once. Zero is
 * accepted. Any violation is BadRequestData: clause 5.7.2.4 requires that error for a geo-query that
 * is not syntactically valid as per clause 4.10.
 *
 * @param maxDistance metres, or NaN when absent (only for {@link Operator#NEAR})
 * @param minDistance metres, or NaN when absent (only for {@link Operator#NEAR})
 */
public record GeoRelation(Operator operator, double maxDistance, double minDistance) {

    /** The geo-relationship operators of clause 4.10 (NGSI-LD names in {@link #keyword()}). */
    public enum Operator {
        NEAR, WITHIN, CONTAINS, INTERSECTS, OVERLAPS, DISJOINT, EQUALS;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public GeoRelation {
        if (operator == null) {
            throw new IllegalArgumentException("operator");
        }
        boolean hasMax = !Double.isNaN(maxDistance);
        boolean hasMin = !Double.isNaN(minDistance);
        if (operator == Operator.NEAR && !hasMax && !hasMin) {
            throw NgsiException.badData("georel 'near' needs ';maxDistance==<metres>' or ';minDistance==<metres>'");
        }
        if (operator != Operator.NEAR && (hasMax || hasMin)) {
            throw NgsiException.badData("only georel 'near' takes a distance");
        }
        if (hasMax && hasMin && minDistance > maxDistance) {
            throw NgsiException.badData("georel minDistance exceeds maxDistance");
        }
    }

    public static GeoRelation of(Operator operator) {
        return new GeoRelation(operator, Double.NaN, Double.NaN);
    }

    /** Parses a georel string (case-sensitive, as in the clause 4.10 grammar). */
    public static GeoRelation parse(String text) {
        if (text == null || text.isBlank()) {
            throw NgsiException.badData("georel is empty");
        }
        String[] parts = text.split(";", -1);
        Operator op = operator(parts[0], text);
        double max = Double.NaN;
        double min = Double.NaN;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf("==");
            if (op != Operator.NEAR) {
                throw NgsiException.badData("georel '" + op.keyword() + "' takes no modifier: '" + text + "'");
            }
            if (eq < 0) {
                throw NgsiException.badData("georel modifier must be maxDistance==<metres> or minDistance==<metres>: '"
                        + part + "'");
            }
            String name = part.substring(0, eq);
            double value = distance(part.substring(eq + 2), name);
            if ("maxDistance".equals(name) && Double.isNaN(max)) {
                max = value;
            } else if ("minDistance".equals(name) && Double.isNaN(min)) {
                min = value;
            } else {
                throw NgsiException.badData("unknown or repeated georel modifier '" + name + "'");
            }
        }
        return new GeoRelation(op, max, min);
    }

    private static Operator operator(String keyword, String text) {
        for (Operator op : Operator.values()) {
            if (op.keyword().equals(keyword)) {
                return op;
            }
        }
        throw NgsiException.badData("unknown georel '" + text
                + "' (expected near, within, contains, intersects, overlaps, disjoint or equals)");
    }

    private static double distance(String text, String name) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw NgsiException.badData("georel " + name + " is not a number: '" + text + "'");
        }
        // parseDouble also accepts "NaN", "Infinity" and a trailing 'd'/'f'; only plain numbers are allowed.
        if (!text.matches("[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?") || !Double.isFinite(value)) {
            throw NgsiException.badData("georel " + name + " must be a non-negative number of metres: '" + text + "'");
        }
        return value;
    }

    public OptionalDouble max() {
        return Double.isNaN(maxDistance) ? OptionalDouble.empty() : OptionalDouble.of(maxDistance);
    }

    public OptionalDouble min() {
        return Double.isNaN(minDistance) ? OptionalDouble.empty() : OptionalDouble.of(minDistance);
    }

    /** The clause 4.10 text form, e.g. {@code near;maxDistance==1000}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(operator.keyword());
        max().ifPresent(d -> sb.append(";maxDistance==").append(format(d)));
        min().ifPresent(d -> sb.append(";minDistance==").append(format(d)));
        return sb.toString();
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

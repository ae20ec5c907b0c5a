package org.civicbroker.query.geo;

import org.bson.Document;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * A longitude/latitude envelope, stored as {@code bbox: {minX, minY, maxX, maxY}} beside every
 * GeoProperty instance so that the portable store can pre-filter geo-queries with plain range
 * comparisons (the embedded store has no geo operators; see docs/architecture.md).
 *
 * <p>The box is planar in degrees: a geometry crossing the antimeridian (which RFC 7946 3.1.9 asks
 * producers to split) gets a box spanning the longitudes in between, which is wide but never too
 * small for the pre-filter.
 */
public record BoundingBox(double minX, double minY, double maxX, double maxY) {

    /** The whole longitude/latitude plane. */
    public static final BoundingBox WORLD = new BoundingBox(-180, -90, 180, 90);

    public BoundingBox {
        if (!(Double.isFinite(minX) && Double.isFinite(minY) && Double.isFinite(maxX) && Double.isFinite(maxY))) {
            throw new IllegalArgumentException("bounding box values must be finite");
        }
        if (minX > maxX || minY > maxY) {
            throw new IllegalArgumentException("bounding box minimum exceeds maximum");
        }
    }

    /** The envelope of a non-empty geometry. */
    public static BoundingBox of(Geometry geometry) {
        if (geometry.isEmpty()) {
            throw new IllegalArgumentException("an empty geometry has no bounding box");
        }
        Envelope e = geometry.getEnvelopeInternal();
        return new BoundingBox(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
    }

    /**
     * The storage document of a stored GeoProperty value's box, or null when the value is not a
     * valid non-empty geometry (then no geo-query can select it).
     */
    public static Document documentOf(com.fasterxml.jackson.databind.JsonNode geometry) {
        try {
            Geometry g = GeoJson.parse(geometry);
            return g.isEmpty() ? null : of(g).toDocument();
        } catch (RuntimeException notAGeometry) {
            return null;
        }
    }

    /** Whether the two closed boxes share at least one point. */
    public boolean intersects(BoundingBox other) {
        return minX <= other.maxX && maxX >= other.minX && minY <= other.maxY && maxY >= other.minY;
    }

    /** The storage shape: {@code {minX, minY, maxX, maxY}} as doubles. */
    public Document toDocument() {
        return new Document("minX", minX).append("minY", minY).append("maxX", maxX).append("maxY", maxY);
    }

    /** Reads the storage shape written by {@link #toDocument()}. */
    public static BoundingBox fromDocument(Document d) {
        return new BoundingBox(number(d, "minX"), number(d, "minY"), number(d, "maxX"), number(d, "maxY"));
    }

    private static double number(Document d, String key) {
        Object v = d.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("bbox." + key + " is not a number: " + v);
        }
        return n.doubleValue();
    }
}

package org.civicbroker.query.geo;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * MongoDB filters that narrow a geo-query to candidate entities. They never decide the relation:
 * {@link GeoMatcher} does, on the candidates (docs/architecture.md, "Geo").
 *
 * <p>Field paths are opaque: {@code instancesPath} is the (already encoded) path of an attribute's
 * instance array, each instance holding {@code value} (GeoJSON) and {@code bbox}.
 */
public final class GeoFilters {

    /** Vertices of the polygon circumscribing a {@code near} circle in {@link #nativeFilter}. */
    private static final int CIRCLE_VERTICES = 32;

    /** Above this radius the circumscribing polygon nears a hemisphere; no native filter is used. */
    private static final double MAX_NATIVE_NEAR_RADIANS = Math.PI / 3;

    private GeoFilters() {
    }

    /**
     * The portable pre-filter (range comparisons only, so it runs on the embedded store): some
     * instance's stored bbox intersects {@code box}.
     */
    public static Bson portable(String instancesPath, BoundingBox box) {
        Document bounds = new Document("bbox.minX", new Document("$lte", box.maxX()))
                .append("bbox.maxX", new Document("$gte", box.minX()))
                .append("bbox.minY", new Document("$lte", box.maxY()))
                .append("bbox.maxY", new Document("$gte", box.minY()));
        return new Document(instancesPath, new Document("$elemMatch", bounds));
    }

    /**
     * The pre-filter for a real MongoDB with a 2dsphere index on {@code <instancesPath>.value}.
     * Unverified until a run against a real MongoDB has passed. Returns an empty filter where no
     * geo operator narrows the search ({@code disjoint}, {@code near;minDistance} alone, very
     * large {@code maxDistance}).
     *
     * <ul>
     *   <li>{@code within} a (Multi)Polygon: {@code $geoWithin $geometry}; within a point or line:
     *       {@code $geoIntersects} (whatever lies within them also intersects them).
     *   <li>{@code intersects}, {@code contains}, {@code overlaps}, {@code equals}: {@code $geoIntersects}
     *       (each implies intersection).
     *   <li>{@code near;maxDistance}: {@code $geoIntersects} with a polygon circumscribing the circle.
     *       Not {@code $nearSphere}, which cannot be combined with sort or count, and not
     *       {@code $geoWithin $centerSphere}, which keeps only geometries lying wholly inside the
     *       circle while clause 4.10 {@code near} asks for the distance to the nearest point.
     * </ul>
     */
    public static Bson nativeFilter(String instancesPath, GeoQuery query) {
        String field = instancesPath + ".value";
        Geometry g = query.geometry();
        return switch (query.georel().operator()) {
            case WITHIN -> g instanceof Polygon || g instanceof MultiPolygon
                    ? geo(field, "$geoWithin", g)
                    : geo(field, "$geoIntersects", g);
            case INTERSECTS, CONTAINS, OVERLAPS, EQUALS -> geo(field, "$geoIntersects", g);
            case DISJOINT -> new Document();
            case NEAR -> {
                double radians = query.georel().max().orElse(Double.NaN) / Geodesy.EARTH_RADIUS_M;
                yield Double.isNaN(radians) || radians > MAX_NATIVE_NEAR_RADIANS
                        ? new Document()
                        : geo(field, "$geoIntersects", circumscribed((Point) g, radians));
            }
        };
    }

    private static Document geo(String field, String operator, Geometry g) {
        Document geometry = Document.parse(GeoJson.toJson(flat(g)).toString());
        return new Document(field, new Document(operator, new Document("$geometry", geometry)));
    }

    /**
     * A counter-clockwise polygon whose geodesic edges stay outside the spherical cap of the given
     * angular radius: on the sphere tan(r) = tan(R) cos(pi / n) relates the inradius r of a regular
     * n-gon to its circumradius R; a small margin covers rounding.
     */
    static Polygon circumscribed(Point centre, double radians) {
        double vertexRadians = Math.atan(Math.tan(radians) / Math.cos(Math.PI / CIRCLE_VERTICES)) * (1 + 1e-6) + 1e-9;
        Coordinate[] ring = new Coordinate[CIRCLE_VERTICES + 1];
        for (int i = 0; i < CIRCLE_VERTICES; i++) {
            double bearing = 360.0 - i * 360.0 / CIRCLE_VERTICES;
            double[] p = Geodesy.destination(centre.getX(), centre.getY(), bearing,
                    vertexRadians * Geodesy.EARTH_RADIUS_M);
            ring[i] = new Coordinate(p[0], p[1]);
        }
        ring[CIRCLE_VERTICES] = ring[0].copy();
        return GeoJson.FACTORY.createPolygon(ring);
    }

    /** A 2D copy: altitudes play no part in the 2dsphere predicates. */
    private static Geometry flat(Geometry g) {
        Geometry copy = g.copy();
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                if (seq.getDimension() > 2) {
                    seq.setOrdinate(i, CoordinateSequence.Z, Double.NaN);
                }
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return copy;
    }
}

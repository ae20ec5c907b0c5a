package org.civicbroker.query.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * GeoJSON geometry objects (RFC 7946 section 3.1) to and from JTS geometries.
 *
 * <p>Positions are {@code [longitude, latitude]} or {@code [longitude, latitude, altitude]}
 * (RFC 7946 3.1.1); JTS x is longitude and y is latitude. Parsing validates the structure fully and
 * reports the first problem as BadRequestData (GS CIM 009 clause 4.7: a GeoProperty value is a
 * GeoJSON geometry). Ring orientation is not enforced: RFC 7946 3.1.6 asks parsers not to reject
 * clockwise rings. Topological validity (for example a self-intersecting polygon) is not checked
 * here; see {@link GeoQuery} for the query geometry.
 */
public final class GeoJson {

    /** Geometry type names of RFC 7946 (case-sensitive, section 1.4). */
    public static final Set<String> TYPES = Set.of(
            "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
            "GeometryCollection");

    /** WGS84 longitude/latitude; the SRID is informative only (JTS computes in the plane). */
    public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    /** Nested GeometryCollections are discouraged (RFC 7946 3.1.8); bound them against abuse. */
    private static final int MAX_DEPTH = 8;

    private GeoJson() {
    }

    /** Parses and validates a GeoJSON geometry object. */
    public static Geometry parse(JsonNode node) {
        return parse(node, "geometry", 0);
    }

    /**
     * Builds the geometry of the given type from a bare coordinates array (the form used by the
     * {@code geometry} and {@code coordinates} members of a geo-query, clause 4.10).
     */
    public static Geometry parse(String type, JsonNode coordinates) {
        if (type == null || !TYPES.contains(type) || "GeometryCollection".equals(type)) {
            throw NgsiException.badData("Unsupported geometry type '" + type + "'");
        }
        return byType(type, coordinates, "coordinates");
    }

    private static Geometry parse(JsonNode node, String where, int depth) {
        if (node == null || !node.isObject()) {
            throw NgsiException.badData(where + ": a GeoJSON geometry must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            throw NgsiException.badData(where + ": GeoJSON geometry lacks 'type'");
        }
        if (!type.isTextual() || !TYPES.contains(type.asText())) {
            throw NgsiException.badData(where + ": unknown GeoJSON geometry type " + type);
        }
        if ("GeometryCollection".equals(type.asText())) {
            return collection(node.get("geometries"), where, depth);
        }
        return byType(type.asText(), node.get("coordinates"), where + ".coordinates");
    }

    private static Geometry byType(String type, JsonNode c, String where) {
        if (c == null || c.isNull()) {
            throw NgsiException.badData(where + ": " + type + " lacks 'coordinates'");
        }
        return switch (type) {
            case "Point" -> FACTORY.createPoint(position(c, where));
            case "MultiPoint" -> FACTORY.createMultiPoint(
                    mapNonEmpty(c, where, (n, w) -> FACTORY.createPoint(position(n, w))).toArray(Point[]::new));
            case "LineString" -> lineString(c, where);
            case "MultiLineString" -> FACTORY.createMultiLineString(
                    mapNonEmpty(c, where, GeoJson::lineString).toArray(LineString[]::new));
            case "Polygon" -> polygon(c, where);
            case "MultiPolygon" -> FACTORY.createMultiPolygon(
                    mapNonEmpty(c, where, GeoJson::polygon).toArray(Polygon[]::new));
            default -> throw new IllegalStateException(type);
        };
    }

    private static Geometry collection(JsonNode members, String where, int depth) {
        if (depth >= MAX_DEPTH) {
            throw NgsiException.badData(where + ": GeometryCollection nested deeper than " + MAX_DEPTH);
        }
        if (members == null || !members.isArray()) {
            throw NgsiException.badData(where + ": GeometryCollection needs a 'geometries' array");
        }
        List<Geometry> parts = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            parts.add(parse(members.get(i), where + ".geometries[" + i + "]", depth + 1));
        }
        return FACTORY.createGeometryCollection(parts.toArray(Geometry[]::new));
    }

    private static LineString lineString(JsonNode c, String where) {
        Coordinate[] points = positions(c, where);
        if (points.length < 2) {
            throw NgsiException.badData(where + ": a LineString needs at least 2 positions");
        }
        return FACTORY.createLineString(points);
    }

    private static Polygon polygon(JsonNode c, String where) {
        List<LinearRing> rings = mapNonEmpty(c, where, GeoJson::ring);
        return FACTORY.createPolygon(rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
    }

    /** A linear ring: closed, at least four positions (RFC 7946 3.1.6). */
    private static LinearRing ring(JsonNode c, String where) {
        Coordinate[] points = positions(c, where);
        if (points.length < 4) {
            throw NgsiException.badData(where + ": a polygon ring needs at least 4 positions");
        }
        if (!points[0].equals3D(points[points.length - 1])) {
            throw NgsiException.badData(where + ": a polygon ring must be closed (first and last positions equal)");
        }
        return FACTORY.createLinearRing(points);
    }

    private static Coordinate[] positions(JsonNode c, String where) {
        if (!c.isArray()) {
            throw NgsiException.badData(where + ": expected an array of positions");
        }
        Coordinate[] out = new Coordinate[c.size()];
        for (int i = 0; i < c.size(); i++) {
            out[i] = position(c.get(i), where + "[" + i + "]");
        }
        return out;
    }

    /** A position: 2 or 3 numbers, longitude in [-180, 180], latitude in [-90, 90]. */
    static Coordinate position(JsonNode p, String where) {
        if (!p.isArray() || p.size() < 2 || p.size() > 3) {
            throw NgsiException.badData(where + ": a position must be an array of 2 or 3 numbers");
        }
        for (JsonNode n : p) {
            if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
                throw NgsiException.badData(where + ": position members must be numbers, got " + n);
            }
        }
        double lon = p.get(0).asDouble();
        double lat = p.get(1).asDouble();
        if (lon < -180 || lon > 180) {
            throw NgsiException.badData(where + ": longitude " + lon + " outside [-180, 180]");
        }
        if (lat < -90 || lat > 90) {
            throw NgsiException.badData(where + ": latitude " + lat + " outside [-90, 90]");
        }
        return p.size() == 3 ? new Coordinate(lon, lat, p.get(2).asDouble()) : new Coordinate(lon, lat);
    }

    private static <T> List<T> mapNonEmpty(JsonNode c, String where, Element<T> element) {
        if (!c.isArray() || c.isEmpty()) {
            throw NgsiException.badData(where + ": expected a non-empty array");
        }
        List<T> out = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            out.add(element.parse(c.get(i), where + "[" + i + "]"));
        }
        return out;
    }

    @FunctionalInterface
    private interface Element<T> {
        T parse(JsonNode node, String where);
    }

    /** The GeoJSON object of a geometry produced by {@link #parse}; altitude is kept when present. */
    public static ObjectNode toJson(Geometry g) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("type", g.getGeometryType());
        if (g instanceof GeometryCollection gc && "GeometryCollection".equals(g.getGeometryType())) {
            ArrayNode members = out.putArray("geometries");
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                members.add(toJson(gc.getGeometryN(i)));
            }
            return out;
        }
        out.set("coordinates", coordinates(g));
        return out;
    }

    private static ArrayNode coordinates(Geometry g) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (g instanceof Point p) {
            return position(p.getCoordinate());
        }
        if (g instanceof LineString l) {
            for (Coordinate c : l.getCoordinates()) {
                out.add(position(c));
            }
        } else if (g instanceof Polygon p) {
            out.add(coordinates(p.getExteriorRing()));
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                out.add(coordinates(p.getInteriorRingN(i)));
            }
        } else {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                out.add(coordinates(g.getGeometryN(i)));
            }
        }
        return out;
    }

    private static ArrayNode position(Coordinate c) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode().add(c.getX()).add(c.getY());
        return Double.isNaN(c.getZ()) ? out : out.add(c.getZ());
    }
}

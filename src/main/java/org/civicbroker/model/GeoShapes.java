package org.civicbroker.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Cheap structural recognition of GeoJSON geometries (RFC 7946 clause 3.1). The full validation
 * (coordinate counts, ranges, closed rings) is the geometry validator's job; this class only decides
 * whether a JSON value has the shape of a geometry, for concise-representation inference and as a
 * first gate before the validator.
 */
public final class GeoShapes {

    public static final Set<String> COORDINATE_TYPES =
            Set.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon");
    public static final String COLLECTION = "GeometryCollection";
    private static final int MAX_COLLECTION_DEPTH = 4;

    private GeoShapes() {
    }

    /** True for {@code {"type": <geometry type>, "coordinates": [...]}} or a GeometryCollection of those. */
    public static boolean isGeometry(JsonNode node) {
        return isGeometry(node, 0);
    }

    /** True when the object claims to be a geometry by its {@code type} (valid or not). */
    public static boolean looksLikeGeometry(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            return false;
        }
        String type = node.get("type").textValue();
        return (COORDINATE_TYPES.contains(type) && node.has("coordinates"))
                || (COLLECTION.equals(type) && node.has("geometries"));
    }

    private static boolean isGeometry(JsonNode node, int depth) {
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            return false;
        }
        String type = node.get("type").textValue();
        if (COORDINATE_TYPES.contains(type)) {
            return node.path("coordinates").isArray();
        }
        if (COLLECTION.equals(type) && depth < MAX_COLLECTION_DEPTH && node.path("geometries").isArray()) {
            for (JsonNode member : node.get("geometries")) {
                if (!isGeometry(member, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}

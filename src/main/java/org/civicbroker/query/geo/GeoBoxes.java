package org.civicbroker.query.geo;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;

/**
 * The lon/lat bounding box stored beside every GeoProperty instance ({@code bbox: {minX, minY, maxX,
 * maxY}}): the store pre-filters geo-queries on it with plain range comparisons, which both the
 * embedded store and MongoDB serve, and JTS then decides the exact relation.
 */
public final class GeoBoxes {

    private GeoBoxes() {
    }

    /** The box document of a GeoJSON geometry, or null when it has no positions. */
    public static Document boxDocument(JsonNode geometry) {
        double[] box = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        collect(geometry, box, 0);
        if (box[0] > box[2]) {
            return null;
        }
        return new Document("minX", box[0]).append("minY", box[1]).append("maxX", box[2]).append("maxY", box[3]);
    }

    private static void collect(JsonNode g, double[] box, int depth) {
        if (g == null || depth > 8) {
            return;
        }
        if (g.has("geometries")) {
            g.get("geometries").forEach(member -> collect(member, box, depth + 1));
            return;
        }
        positions(g.get("coordinates"), box, 0);
    }

    private static void positions(JsonNode c, double[] box, int depth) {
        if (c == null || !c.isArray() || depth > 4) {
            return;
        }
        if (c.size() >= 2 && c.get(0).isNumber() && c.get(1).isNumber()) {
            double x = c.get(0).doubleValue();
            double y = c.get(1).doubleValue();
            box[0] = Math.min(box[0], x);
            box[1] = Math.min(box[1], y);
            box[2] = Math.max(box[2], x);
            box[3] = Math.max(box[3], y);
            return;
        }
        c.forEach(p -> positions(p, box, depth + 1));
    }
}

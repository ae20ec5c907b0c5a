package org.civicbroker.query.geo;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

class GeoFiltersTest {

    private static final String PATH = "attrs.https://uri=etsi=org/ngsi-ld/location";
    private static final String BOX = "[[[-0.2,51.48],[-0.1,51.48],[-0.1,51.54],[-0.2,51.54],[-0.2,51.48]]]";

    private static String json(Bson bson) {
        return bson.toBsonDocument(BsonDocument.class, com.mongodb.MongoClientSettings.getDefaultCodecRegistry()).toJson();
    }

    private static GeoQuery query(String georel, String geometry, String coordinates) {
        return GeoQuery.fromParameters(georel, geometry, coordinates, null, t -> t).orElseThrow();
    }

    @Test
    void portableFilterComparesTheStoredBoxes() {
        Bson f = GeoFilters.portable("attrs.loc", new BoundingBox(-0.2, 51.48, -0.1, 51.54));
        assertThatJson(json(f)).isEqualTo("""
                {"attrs.loc": {"$elemMatch": {
                  "bbox.minX": {"$lte": -0.1}, "bbox.maxX": {"$gte": -0.2},
                  "bbox.minY": {"$lte": 51.54}, "bbox.maxY": {"$gte": 51.48}}}}""");
    }

    @Test
    void withinAPolygonUsesGeoWithin() {
        assertThatJson(json(GeoFilters.nativeFilter(PATH, query("within", "Polygon", BOX)))).isEqualTo("""
                {"attrs.https://uri=etsi=org/ngsi-ld/location.value": {"$geoWithin": {"$geometry":
                  {"type": "Polygon", "coordinates": %s}}}}""".formatted(BOX));
    }

    @Test
    void withinAPointAndTheOtherRelationsUseGeoIntersects() {
        assertThatJson(json(GeoFilters.nativeFilter("a", query("within", "Point", "[-0.1276,51.5072,12]"))))
                .isEqualTo("""
                        {"a.value": {"$geoIntersects": {"$geometry": {"type": "Point", "coordinates": [-0.1276, 51.5072]}}}}""");
        for (String rel : new String[] {"intersects", "contains", "overlaps", "equals"}) {
            assertThatJson(json(GeoFilters.nativeFilter("a", query(rel, "Polygon", BOX)))).as(rel).isEqualTo("""
                    {"a.value": {"$geoIntersects": {"$geometry": {"type": "Polygon", "coordinates": %s}}}}"""
                    .formatted(BOX));
        }
    }

    @Test
    void disjointAndMinDistanceHaveNoNativeFilter() {
        assertThat(json(GeoFilters.nativeFilter("a", query("disjoint", "Polygon", BOX)))).isEqualTo("{}");
        assertThat(json(GeoFilters.nativeFilter("a", query("near;minDistance==10", "Point", "[0,0]")))).isEqualTo("{}");
        assertThat(json(GeoFilters.nativeFilter("a", query("near;maxDistance==9000000", "Point", "[0,0]"))))
                .isEqualTo("{}");
    }

    @Test
    void nearUsesGeoIntersectsWithACircumscribedPolygon() {
        Document f = (Document) GeoFilters.nativeFilter("a", query("near;maxDistance==1000", "Point", "[-0.1276,51.5072]"));
        Document geometry = f.get("a.value", Document.class).get("$geoIntersects", Document.class)
                .get("$geometry", Document.class);
        assertThat(geometry.getString("type")).isEqualTo("Polygon");
        assertThat(geometry.getList("coordinates", Object.class)).hasSize(1);
    }

    @Test
    void circumscribedPolygonCoversTheCircleWithASmallMargin() {
        Point centre = GeoJson.FACTORY.createPoint(new Coordinate(-0.1276, 51.5072));
        double metres = 1000;
        Polygon p = GeoFilters.circumscribed(centre, metres / Geodesy.EARTH_RADIUS_M);
        Coordinate[] ring = p.getExteriorRing().getCoordinates();
        assertThat(ring).hasSize(33);
        assertThat(ring[0]).isEqualTo(ring[32]);
        assertThat(p.isValid()).isTrue();
        for (int i = 0; i < 32; i++) {
            Coordinate a = ring[i];
            Coordinate b = ring[i + 1];
            // the vertices lie beyond the circle, and so do the edge midpoints (closest to the centre)
            assertThat(Geodesy.distance(-0.1276, 51.5072, a.x, a.y)).isBetween(metres, metres * 1.01);
            double mid = Geodesy.distance(-0.1276, 51.5072, (a.x + b.x) / 2, (a.y + b.y) / 2);
            assertThat(mid).isGreaterThanOrEqualTo(metres * 0.9999);
        }
        // counter-clockwise, as RFC 7946 recommends for exterior rings
        assertThat(org.locationtech.jts.algorithm.Orientation.isCCW(ring)).isTrue();
    }
}

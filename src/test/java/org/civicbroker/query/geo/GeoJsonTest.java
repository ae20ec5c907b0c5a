package org.civicbroker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

class GeoJsonTest {

    @Test
    void parsesEveryGeometryTypeAndWritesItBack() {
        Map<String, JsonNode> stored = GeoFixtures.storedJson();
        assertThat(stored.values()).extracting(n -> n.get("type").asText()).contains(
                "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection");
        stored.forEach((name, json) -> {
            Geometry g = GeoJson.parse(json);
            assertThat(g.getGeometryType()).as(name).isEqualTo(json.get("type").asText());
            assertThat(GeoJson.toJson(g)).as(name).isEqualTo(json);
        });
    }

    @Test
    void keepsLongitudeAsXAndAltitudeAsZ() {
        Point p = (Point) GeoJson.parse(GeoFixtures.storedJson().get("point3d"));
        assertThat(p.getX()).isEqualTo(-0.14);
        assertThat(p.getY()).isEqualTo(51.51);
        assertThat(p.getCoordinate().getZ()).isEqualTo(30.0);
    }

    @Test
    void acceptsClockwiseRingsAndBoundaryCoordinates() throws Exception {
        JsonNode json = GeoFixtures.JSON.readTree(
                "{\"type\":\"Polygon\",\"coordinates\":[[[-180,-90],[-180,90],[180,90],[180,-90],[-180,-90]]]}");
        assertThat(GeoJson.parse(json).getArea()).isEqualTo(360.0 * 180.0);
    }

    @Test
    void buildsAGeometryFromTypeAndCoordinates() throws Exception {
        Geometry g = GeoJson.parse("LineString", GeoFixtures.JSON.readTree("[[-0.15,51.5],[-0.05,51.505]]"));
        assertThat(g.getNumPoints()).isEqualTo(2);
        assertThatThrownBy(() -> GeoJson.parse("GeometryCollection", GeoFixtures.JSON.readTree("[]")))
                .isInstanceOf(NgsiException.class);
    }

    static Stream<JsonNode> invalid() {
        return StreamSupport.stream(GeoFixtures.load("invalid-geojson.json").spliterator(), false);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("invalid")
    void rejectsInvalidGeoJsonAsBadRequestData(JsonNode c) {
        assertThatThrownBy(() -> GeoJson.parse(c.get("geojson")))
                .as(c.get("name").asText())
                .isInstanceOfSatisfying(NgsiException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA))
                .hasMessageContaining(c.get("message").asText());
    }

    @Test
    void rejectsDeeplyNestedCollections() throws Exception {
        String json = "{\"type\":\"Point\",\"coordinates\":[0,0]}";
        for (int i = 0; i < 10; i++) {
            json = "{\"type\":\"GeometryCollection\",\"geometries\":[" + json + "]}";
        }
        JsonNode node = GeoFixtures.JSON.readTree(json);
        assertThatThrownBy(() -> GeoJson.parse(node)).hasMessageContaining("nested deeper");
    }
}

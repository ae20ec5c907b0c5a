package org.civicbroker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Point;

class GeoQueryTest {

    private static final UnaryOperator<String> EXPAND = term -> "https://example.org/" + term;

    @Test
    void readsGetParameters() {
        GeoQuery q = GeoQuery.fromParameters("near;maxDistance==1000", "Point", "[-0.1276,51.5072]",
                "position", EXPAND).orElseThrow();
        assertThat(q.georel().max()).hasValue(1000.0);
        assertThat(((Point) q.geometry()).getX()).isEqualTo(-0.1276);
        assertThat(q.geoproperty()).isEqualTo("https://example.org/position");
    }

    @Test
    void defaultsToLocationAndIgnoresGeopropertyAlone() {
        GeoQuery q = GeoQuery.fromParameters("within", "Polygon", "[[[0,0],[1,0],[1,1],[0,0]]]", null, EXPAND)
                .orElseThrow();
        assertThat(q.geoproperty()).isEqualTo("https://uri.etsi.org/ngsi-ld/location");
        assertThat(GeoQuery.fromParameters(null, null, null, "position", EXPAND)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%5B-0.1276%2C51.5072%5D", "%5B-0.1276,51.5072%5D", " [ -0.1276 , 51.5072 ] "})
    void acceptsPercentEncodedAndSpacedCoordinates(String coordinates) {
        GeoQuery q = GeoQuery.fromParameters("intersects", "point", coordinates, null, EXPAND).orElseThrow();
        assertThat(q.geometry().getCoordinate().y).isEqualTo(51.5072);
    }

    @Test
    void readsGeoQWithArrayOrStringCoordinates() throws Exception {
        JsonNode array = GeoFixtures.JSON.readTree(
                "{\"georel\":\"near;minDistance==5\",\"geometry\":\"Point\",\"coordinates\":[-0.1276,51.5072],"
                        + "\"geoproperty\":\"position\"}");
        JsonNode string = GeoFixtures.JSON.readTree(
                "{\"georel\":\"near;minDistance==5\",\"geometry\":\"Point\",\"coordinates\":\"[-0.1276,51.5072]\","
                        + "\"geoproperty\":\"position\"}");
        GeoQuery a = GeoQuery.fromJson(array, EXPAND);
        GeoQuery b = GeoQuery.fromJson(string, EXPAND);
        assertThat(a.georel()).isEqualTo(b.georel());
        assertThat(a.geometry().equalsExact(b.geometry())).isTrue();
        assertThat(a.geoproperty()).isEqualTo("https://example.org/position");
        assertThat(a.toJson(iri -> iri.substring(iri.lastIndexOf('/') + 1))).isEqualTo(array);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]",
        "{\"geometry\":\"Point\",\"coordinates\":[0,0]}",
        "{\"georel\":\"within\",\"coordinates\":[0,0]}",
        "{\"georel\":\"intersects\",\"geometry\":\"Point\"}",
        "{\"georel\":\"intersects\",\"geometry\":\"Point\",\"coordinates\":{\"lon\":0}}",
        "{\"georel\":\"intersects\",\"geometry\":\"Point\",\"coordinates\":[0,0],\"geoproperty\":5}",
        "{\"georel\":\"intersects\",\"geometry\":\"Point\",\"coordinates\":[0,0],\"geoproperty\":\"\"}",
        "{\"georel\":7,\"geometry\":\"Point\",\"coordinates\":[0,0]}"})
    void rejectsMalformedGeoQ(String json) throws Exception {
        JsonNode node = GeoFixtures.JSON.readTree(json);
        assertThatThrownBy(() -> GeoQuery.fromJson(node, EXPAND))
                .isInstanceOfSatisfying(NgsiException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }

    @Test
    void rejectsAGeopropertyThatDoesNotExpand() {
        assertThatThrownBy(() -> GeoQuery.fromParameters("within", "Point", "[0,0]", "nope", t -> null))
                .hasMessageContaining("'nope' cannot be expanded");
    }

    static Stream<JsonNode> invalidParameters() {
        return StreamSupport.stream(GeoFixtures.load("invalid-geoqueries.json").spliterator(), false);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("invalidParameters")
    void rejectsInvalidGetParametersAsBadRequestData(JsonNode c) {
        assertThatThrownBy(() -> GeoQuery.fromParameters(text(c, "georel"), text(c, "geometry"),
                text(c, "coordinates"), null, EXPAND))
                .as(c.get("name").asText())
                .isInstanceOfSatisfying(NgsiException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA))
                .hasMessageContaining(c.get("message").asText());
    }

    @Test
    void acceptsWhatEntityDataMayHoldEvenWithoutValidTopology() throws Exception {
        // a bow-tie polygon is valid GeoJSON (closed ring, four positions) and a GeoProperty may hold it
        GeoQuery q = GeoQuery.fromParameters("intersects", "Polygon", "[[[0,0],[1,1],[1,0],[0,1],[0,0]]]", null, EXPAND)
                .orElseThrow();
        assertThat(q.matches(GeoJson.parse("Point", GeoFixtures.JSON.readTree("[0.9,0.5]")))).isTrue();
        assertThat(q.matches(GeoJson.parse("Point", GeoFixtures.JSON.readTree("[0.5,0.2]")))).isFalse();
        assertThatThrownBy(() -> GeoQuery.fromParameters("within", "Polygon", "[[[0,0],[1,1],[1,0],[0,1]]]", null, EXPAND))
                .hasMessageContaining("closed");
    }

    private static String text(JsonNode c, String member) {
        return c.hasNonNull(member) ? c.get(member).asText() : null;
    }

    @Test
    void prefiltersByQueryEnvelope() {
        GeoQuery q = GeoQuery.fromParameters("within", "Polygon",
                "[[[-0.2,51.48],[-0.1,51.48],[-0.1,51.54],[-0.2,51.54],[-0.2,51.48]]]", null, EXPAND).orElseThrow();
        assertThat(q.prefilter()).hasValue(new BoundingBox(-0.2, 51.48, -0.1, 51.54));
    }

    @Test
    void prefiltersNearByTheCircleBox() {
        GeoQuery q = GeoQuery.fromParameters("near;maxDistance==1000", "Point", "[-0.1276,51.5072]", null, EXPAND)
                .orElseThrow();
        BoundingBox box = q.prefilter().orElseThrow();
        // 1 km is 0.008993 degrees of latitude, and 0.008993 / cos(51.5072) = 0.01445 of longitude
        assertThat(box.maxY() - 51.5072).isCloseTo(0.008993, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(box.maxX() + 0.1276).isCloseTo(0.01445, org.assertj.core.data.Offset.offset(1e-5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disjoint", "near;minDistance==10"})
    void hasNoPrefilterWhenNoBoxBoundsTheMatches(String georel) {
        assertThat(GeoQuery.fromParameters(georel, "Point", "[0,0]", null, EXPAND).orElseThrow().prefilter())
                .isEmpty();
    }
}

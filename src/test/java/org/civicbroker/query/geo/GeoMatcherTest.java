package org.civicbroker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

class GeoMatcherTest {

    private static final Map<String, Geometry> STORED = GeoFixtures.stored();

    static Stream<JsonNode> queries() {
        return StreamSupport.stream(GeoFixtures.load("queries.json").spliterator(), false);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("queries")
    void matchesExactlyTheExpectedGeometries(JsonNode c) {
        GeoQuery q = GeoFixtures.query(c);
        Set<String> matched = new TreeSet<>();
        STORED.forEach((name, g) -> {
            if (q.matches(g)) {
                matched.add(name);
            }
        });
        assertThat(matched).as(c.get("name").asText()).isEqualTo(new TreeSet<>(GeoFixtures.expected(c)));
    }

    @Test
    void everyGeorelHasAPositiveAndANegativeCase() {
        Set<String> positive = new TreeSet<>();
        Set<String> negative = new TreeSet<>();
        queries().forEach(c -> {
            String op = GeoFixtures.query(c).georel().operator().keyword();
            if (!GeoFixtures.expected(c).isEmpty()) {
                positive.add(op);
            }
            if (GeoFixtures.expected(c).size() < STORED.size()) {
                negative.add(op);
            }
        });
        Set<String> all = Set.of("near", "within", "contains", "intersects", "overlaps", "disjoint", "equals");
        assertThat(positive).containsAll(all);
        assertThat(negative).containsAll(all);
    }

    private static Point point(double lon, double lat) {
        return GeoJson.FACTORY.createPoint(new Coordinate(lon, lat));
    }

    @Test
    void distanceToAPointIsTheHaversineDistance() {
        assertThat(GeoMatcher.distanceMeters(point(-0.1276, 51.5072), STORED.get("paris")))
                .isCloseTo(343_500, withinPercentage(0.5));
    }

    @Test
    void distanceToALineIsToItsNearestPoint() {
        // A meridian segment at longitude 1 seen from the equator at longitude 0: nearest point (1, 0).
        Geometry meridian = GeoJson.FACTORY.createLineString(new Coordinate[] {new Coordinate(1, -1), new Coordinate(1, 1)});
        assertThat(GeoMatcher.distanceMeters(point(0, 0), meridian))
                .isCloseTo(Geodesy.distance(0, 0, 1, 0), withinPercentage(1e-6));
        // The Thames fixture seen from Westminster: about 673 m across, worked out by hand.
        assertThat(GeoMatcher.distanceMeters(point(-0.1276, 51.5072), STORED.get("thames")))
                .isCloseTo(673, withinPercentage(1));
    }

    @Test
    void distanceUsesTheLocalScaleOfLongitude() {
        // At 60N a degree of longitude is half a degree of latitude. A raw lon/lat nearest-point search
        // picks (0.585, 60.732), about 24 % farther than the true nearest point near (1.08, 60.34).
        Geometry l = GeoJson.FACTORY.createLineString(new Coordinate[] {new Coordinate(1.5, 60), new Coordinate(0, 61.2)});
        double brute = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 100_000; i++) {
            double t = i / 100_000.0;
            brute = Math.min(brute, Geodesy.distance(0, 60, 1.5 - 1.5 * t, 60 + 1.2 * t));
        }
        assertThat(GeoMatcher.distanceMeters(point(0, 60), l)).isCloseTo(brute, withinPercentage(0.1));
    }

    @Test
    void distanceIsZeroInsideAPolygonAndAcrossTheAntimeridianIsShort() {
        assertThat(GeoMatcher.distanceMeters(point(-0.1276, 51.5072), STORED.get("borough"))).isZero();
        Geometry east = GeoJson.FACTORY.createLineString(new Coordinate[] {new Coordinate(179.9, -1), new Coordinate(179.9, 1)});
        assertThat(GeoMatcher.distanceMeters(point(-179.9, 0), east))
                .isCloseTo(Geodesy.distance(-179.9, 0, 179.9, 0), withinPercentage(0.01));
    }

    @Test
    void repairsAnInvalidStoredPolygonInsteadOfFailing() throws Exception {
        Geometry bowtie = GeoJson.parse(GeoFixtures.JSON.readTree(
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}"));
        GeoQuery q = GeoQuery.fromParameters("intersects", "Point", "[0.9,0.5]", null, t -> t).orElseThrow();
        assertThat(q.matches(bowtie)).isTrue();
        GeoQuery outside = GeoQuery.fromParameters("intersects", "Point", "[0.5,0.9]", null, t -> t).orElseThrow();
        assertThat(outside.matches(bowtie)).isFalse();
    }
}

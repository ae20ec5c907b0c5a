package org.civicbroker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeodesyTest {

    @Test
    void londonToParisIsAbout343AndAHalfKilometres() {
        assertThat(Geodesy.distance(-0.1276, 51.5072, 2.3522, 48.8566)).isCloseTo(343_500, withinPercentage(0.5));
    }

    @Test
    void matchesAnalyticDistances() {
        double r = Geodesy.EARTH_RADIUS_M;
        assertThat(Geodesy.distance(0, 0, 1, 0)).isCloseTo(r * Math.PI / 180, within(1e-6));
        assertThat(Geodesy.distance(0, 0, 0, 90)).isCloseTo(r * Math.PI / 2, within(1e-6));
        assertThat(Geodesy.distance(179.5, 0, -179.5, 0)).isCloseTo(r * Math.PI / 180, within(1e-6));
        assertThat(Geodesy.distance(10, 20, 10, 20)).isZero();
    }

    @ParameterizedTest
    @CsvSource({"-0.1276,51.5072,1000", "-0.1276,51.5072,250000", "170,-40,800000", "0,85,100000", "25,0,5000000"})
    void capBoxHoldsEveryPointOfTheCircle(double lon, double lat, double metres) {
        BoundingBox box = Geodesy.capBox(lon, lat, metres);
        for (int bearing = 0; bearing < 360; bearing += 3) {
            double[] p = Geodesy.destination(lon, lat, bearing, metres);
            assertThat(Geodesy.distance(lon, lat, p[0], p[1])).isCloseTo(metres, withinPercentage(1e-6));
            assertThat(box.intersects(new BoundingBox(p[0], p[1], p[0], p[1])))
                    .as("bearing %d -> %f,%f outside %s", bearing, p[0], p[1], box).isTrue();
        }
    }

    @Test
    void capBoxSpansAllLongitudesAcrossTheAntimeridianOrAPole() {
        assertThat(Geodesy.capBox(179.9, 0, 50_000).minX()).isEqualTo(-180);
        BoundingBox polar = Geodesy.capBox(0, 89.9, 50_000);
        assertThat(polar.minX()).isEqualTo(-180);
        assertThat(polar.maxY()).isEqualTo(90);
        assertThat(Geodesy.capBox(0, 0, 30_000_000)).isEqualTo(BoundingBox.WORLD);
    }

    @Test
    void capBoxIsTightAwayFromThePoles() {
        BoundingBox box = Geodesy.capBox(-0.1276, 51.5072, 1000);
        assertThat(box.maxX() - box.minX()).isLessThan(0.03);
        assertThat(box.maxY() - box.minY()).isLessThan(0.02);
    }
}

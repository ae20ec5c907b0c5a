package org.civicbroker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.civicbroker.common.error.NgsiException;
import org.civicbroker.query.geo.GeoRelation.Operator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeoRelationTest {

    @ParameterizedTest
    @ValueSource(strings = {"within", "contains", "intersects", "overlaps", "disjoint", "equals",
        "near;maxDistance==1000", "near;minDistance==0", "near;maxDistance==12.5", "near;maxDistance==2000;minDistance==100"})
    void roundTripsTheClause410Forms(String text) {
        assertThat(GeoRelation.parse(text)).hasToString(text);
    }

    @Test
    void readsDistances() {
        GeoRelation r = GeoRelation.parse("near;minDistance==10;maxDistance==1e3");
        assertThat(r.operator()).isEqualTo(Operator.NEAR);
        assertThat(r.max()).hasValue(1000.0);
        assertThat(r.min()).hasValue(10.0);
        assertThat(GeoRelation.parse("within").max()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "near;", "near;maxDistance==", "near;maxDistance==1,000", "near;maxDistance==+1",
        "near;maxDistance==1d", "near;maxDistance==Infinity", "within;", "near ;maxDistance==1", "coveredBy"})
    void rejectsMalformedGeorels(String text) {
        assertThatThrownBy(() -> GeoRelation.parse(text)).isInstanceOf(NgsiException.class);
    }
}

package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.civicbroker.temporal.TemporalSupport.as;
import static org.civicbroker.temporal.TemporalSupport.create;
import static org.civicbroker.temporal.TemporalSupport.fixture;
import static org.civicbroker.temporal.TemporalSupport.newId;
import static org.civicbroker.temporal.TemporalSupport.newTenant;
import static org.civicbroker.temporal.TemporalSupport.url;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Create, add, retrieve in the three temporal representations (clauses 5.6.11, 5.6.12, 5.7.3, 4.5.7, 4.5.9). */
@QuarkusTest
class TemporalRetrieveApiTest {

    private final String tenant = newTenant();
    private final String id = newId("AirQualityObserved");

    private void load() {
        create(tenant, fixture("sensor.json", id)).then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.equalTo("/ngsi-ld/v1/temporal/entities/" + id));
    }

    @Test
    void createThenRetrieveNormalizedInstancesInTimeOrder() {
        load();
        JsonPath body = as(tenant).get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(body.getString("id")).isEqualTo(id);
        assertThat(body.getString("type")).isEqualTo("AirQualityObserved");
        assertThat(body.getString("scope")).isEqualTo("/London/Camden");
        assertThat(body.getList("NO2.value", Integer.class)).containsExactly(10, 20, 30, 20);
        assertThat(body.getList("NO2.observedAt", String.class)).containsExactly("2026-01-01T00:10:00Z",
                "2026-01-01T01:10:00Z", "2026-01-02T00:10:00Z", "2026-01-02T12:00:00Z");
        assertThat(body.getList("NO2.instanceId", String.class)).allMatch(s -> s.startsWith("urn:ngsi-ld:instance:"))
                .doesNotHaveDuplicates();
        assertThat(body.getList("NO2.unitCode", String.class)).containsOnly("GQ");
        assertThat(body.getList("refDevice.object", String.class)).containsExactly("urn:ngsi-ld:Device:1");
        assertThat(body.getList("location.type", String.class)).containsExactly("GeoProperty");
        assertThat(body.getMap("$")).doesNotContainKey("createdAt");
        JsonPath sys = as(tenant).queryParam("options", "sysAttrs").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(sys.getString("createdAt")).isNotNull();
        assertThat(sys.getList("NO2.createdAt", String.class)).hasSize(4).doesNotContainNull();
    }

    @Test
    void postingAgainReplacesTheSameObservationsAndAppendAddsDatasets() {
        load();
        create(tenant, fixture("sensor.json", id)).then().statusCode(204);
        as(tenant).body(fixture("more-no2.json", id)).post(url(id) + "/attrs").then().statusCode(204);
        JsonPath body = as(tenant).queryParam("attrs", "NO2").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("NO2")).hasSize(6);
        assertThat(body.getMap("$")).containsOnlyKeys("id", "type", "scope", "NO2");
        JsonPath values = as(tenant).queryParam("attrs", "NO2").queryParam("options", "temporalValues")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> lines = values.getList("NO2");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsEntry("datasetId", "urn:ngsi-ld:Dataset:backup")
                .containsEntry("values", List.of(List.of(5, "2026-01-01T06:00:00Z")));
    }

    @Test
    void appendToUnknownEntityIs404() {
        as(tenant).body(fixture("more-no2.json", id)).post(url(id) + "/attrs").then().statusCode(404);
        as(tenant).get(url(id)).then().statusCode(404);
    }

    @Test
    void temporalValuesBetweenAndPerTypeMembers() {
        load();
        JsonPath body = as(tenant).queryParam("options", "temporalValues").queryParam("timerel", "between")
                .queryParam("timeAt", "2026-01-01T00:00:00Z").queryParam("endTimeAt", "2026-01-02T00:10:00Z")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(body.getString("NO2.type")).isEqualTo("Property");
        assertThat(body.getList("NO2.values")).containsExactly(List.of(10, "2026-01-01T00:10:00Z"),
                List.of(20, "2026-01-01T01:10:00Z"));
        assertThat(body.getList("status.values")).containsExactly(List.of("ok", "2026-01-01T00:10:00Z"));
        assertThat(body.getList("refDevice.objects")).containsExactly(List.of("urn:ngsi-ld:Device:1", "2026-01-01T00:00:00Z"));
        // location has no observedAt: not selected by a time range on observedAt
        assertThat(body.getMap("$")).doesNotContainKey("location");
    }

    @Test
    void beforeAndAfterAreStrict() {
        load();
        JsonPath before = as(tenant).queryParam("options", "temporalValues").queryParam("attrs", "NO2")
                .queryParam("timerel", "before").queryParam("timeAt", "2026-01-01T01:10:00Z")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(before.getList("NO2.values")).containsExactly(List.of(10, "2026-01-01T00:10:00Z"));
        JsonPath after = as(tenant).queryParam("options", "temporalValues").queryParam("attrs", "NO2")
                .queryParam("timerel", "after").queryParam("timeAt", "2026-01-02T00:10:00Z")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(after.getList("NO2.values")).containsExactly(List.of(20, "2026-01-02T12:00:00Z"));
    }

    @Test
    void lastNGivesTheMostRecentInstancesInTimeOrder() {
        load();
        JsonPath body = as(tenant).queryParam("attrs", "NO2").queryParam("lastN", "2")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("NO2.value", Integer.class)).containsExactly(30, 20);
    }

    /** Clause 5.7.3.4: an entity without an instance in the range is removed from the result: 404. */
    @Test
    void anEmptyRangeSelectsNothing() {
        load();
        as(tenant).queryParam("timerel", "after").queryParam("timeAt", "2030-01-01T00:00:00Z").get(url(id))
                .then().statusCode(404);
        as(tenant).queryParam("timerel", "after").queryParam("timeAt", "2030-01-01T00:00:00Z")
                .queryParam("options", "aggregatedValues").queryParam("aggrMethods", "avg,totalCount")
                .get(url(id)).then().statusCode(404);
        JsonPath some = as(tenant).queryParam("timerel", "after").queryParam("timeAt", "2026-01-02T06:00:00Z")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(some.getMap("$")).containsOnlyKeys("id", "type", "scope", "NO2", "status");
    }

    @Test
    void deleteEntityRemovesItsHistory() {
        load();
        as(tenant).delete(url(id)).then().statusCode(204);
        as(tenant).get(url(id)).then().statusCode(404);
        as(tenant).delete(url(id)).then().statusCode(404);
    }

    @Test
    void everyAggregationMethodPerDay() {
        load();
        JsonPath body = as(tenant).queryParam("attrs", "NO2,status").queryParam("options", "aggregatedValues")
                .queryParam("aggrMethods", "totalCount,distinctCount,sum,avg,min,max,stddev,sumsq")
                .queryParam("aggrPeriodDuration", "P1D").queryParam("timerel", "between")
                .queryParam("timeAt", "2026-01-01T00:00:00Z").queryParam("endTimeAt", "2026-01-03T00:00:00Z")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        double[][] days = {{10, 20}, {30, 20}};
        String[] starts = {"2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"};
        String[] ends = {"2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"};
        for (int d = 0; d < 2; d++) {
            double[] v = days[d];
            double sum = v[0] + v[1];
            double mean = sum / 2;
            double stddev = Math.sqrt(((v[0] - mean) * (v[0] - mean) + (v[1] - mean) * (v[1] - mean)) / (2 - 1));
            assertTriple(body, "NO2.totalCount[" + d + "]", 2, starts[d], ends[d]);
            assertTriple(body, "NO2.distinctCount[" + d + "]", 2, starts[d], ends[d]);
            assertTriple(body, "NO2.sum[" + d + "]", sum, starts[d], ends[d]);
            assertTriple(body, "NO2.avg[" + d + "]", mean, starts[d], ends[d]);
            assertTriple(body, "NO2.min[" + d + "]", Math.min(v[0], v[1]), starts[d], ends[d]);
            assertTriple(body, "NO2.max[" + d + "]", Math.max(v[0], v[1]), starts[d], ends[d]);
            assertTriple(body, "NO2.stddev[" + d + "]", stddev, starts[d], ends[d]);
            assertTriple(body, "NO2.sumsq[" + d + "]", v[0] * v[0] + v[1] * v[1], starts[d], ends[d]);
        }
        // text values: counted, not summed
        assertTriple(body, "status.totalCount[0]", 1, starts[0], ends[0]);
        assertTriple(body, "status.distinctCount[1]", 1, starts[1], ends[1]);
        assertThat(body.getList("status.avg")).isEmpty();
    }

    @Test
    void periodsStartAtTimeAtAndCutHoursReadPoints() {
        load();
        // periods [00:30, next day 00:30): the hour 00:00-01:00 is cut, so its points decide
        JsonPath body = as(tenant).queryParam("attrs", "NO2").queryParam("options", "aggregatedValues")
                .queryParam("aggrMethods", "sum,totalCount").queryParam("aggrPeriodDuration", "P1D")
                .queryParam("timerel", "between").queryParam("timeAt", "2026-01-01T00:30:00Z")
                .queryParam("endTimeAt", "2026-01-02T12:30:00Z")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        assertTriple(body, "NO2.sum[0]", 20 + 30, "2026-01-01T00:30:00Z", "2026-01-02T00:30:00Z");
        assertTriple(body, "NO2.sum[1]", 20, "2026-01-02T00:30:00Z", "2026-01-03T00:30:00Z");
        assertThat(body.getList("NO2.totalCount")).hasSize(2);
        // no period duration: one period over the whole range
        JsonPath whole = as(tenant).queryParam("attrs", "NO2").queryParam("options", "aggregatedValues")
                .queryParam("aggrMethods", "avg").queryParam("timerel", "between").queryParam("timeAt", "2026-01-01T00:00:00Z")
                .queryParam("endTimeAt", "2026-01-04T00:00:00Z").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertTriple(whole, "NO2.avg[0]", (10 + 20 + 30 + 20) / 4.0, "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z");
    }

    static void assertTriple(JsonPath body, String path, double value, String start, String end) {
        List<Object> triple = body.getList(path);
        assertThat(triple).as(path).hasSize(3);
        assertThat(((Number) triple.get(0)).doubleValue()).as(path).isCloseTo(value, within(1e-5));
        assertThat(triple.get(1)).as(path).isEqualTo(start);
        assertThat(triple.get(2)).as(path).isEqualTo(end);
    }
}

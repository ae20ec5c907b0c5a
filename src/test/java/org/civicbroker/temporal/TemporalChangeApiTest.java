package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.temporal.TemporalRetrieveApiTest.assertTriple;
import static org.civicbroker.temporal.TemporalSupport.as;
import static org.civicbroker.temporal.TemporalSupport.create;
import static org.civicbroker.temporal.TemporalSupport.fixture;
import static org.civicbroker.temporal.TemporalSupport.newId;
import static org.civicbroker.temporal.TemporalSupport.newTenant;
import static org.civicbroker.temporal.TemporalSupport.url;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Corrections and deletions of history (clauses 5.6.13-5.6.15) keep aggregates right; month and year
 * periods in timeAt's offset; 206 paging; bad parameters.
 */
@QuarkusTest
class TemporalChangeApiTest {

    private final String tenant = newTenant();
    private final String id = newId("AirQualityObserved");

    private JsonPath sumPerDay() {
        return as(tenant).queryParam("attrs", "NO2").queryParam("options", "aggregatedValues")
                .queryParam("aggrMethods", "sum,max").queryParam("aggrPeriodDuration", "P1D").queryParam("timerel", "between")
                .queryParam("timeAt", "2026-01-01T00:00:00Z").queryParam("endTimeAt", "2026-01-06T00:00:00Z")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
    }

    private String instanceOf(int value) {
        JsonPath all = as(tenant).queryParam("attrs", "NO2").get(url(id)).then().statusCode(200).extract().jsonPath();
        List<Integer> values = all.getList("NO2.value", Integer.class);
        return all.getList("NO2.instanceId", String.class).get(values.indexOf(value));
    }

    @Test
    void patchingAnInstanceCorrectsItAndTheBucketSummary() {
        create(tenant, fixture("sensor.json", id)).then().statusCode(201);
        String instance = instanceOf(10);
        as(tenant).body(fixture("patch-no2.json", id)).patch(url(id) + "/attrs/NO2/" + instance).then().statusCode(204);
        JsonPath sums = sumPerDay();
        assertTriple(sums, "NO2.sum[0]", 100 + 20, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
        assertTriple(sums, "NO2.max[0]", 100, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
        JsonPath after = as(tenant).queryParam("attrs", "NO2").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(after.getList("NO2.instanceId", String.class)).contains(instance);
        // moved to another day: leaves the first day's summary, joins the new day's
        as(tenant).body(fixture("move-no2.json", id)).patch(url(id) + "/attrs/NO2/" + instance).then().statusCode(204);
        JsonPath moved = sumPerDay();
        assertTriple(moved, "NO2.sum[0]", 20, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
        assertTriple(moved, "NO2.sum[2]", 7, "2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z");
        as(tenant).body(fixture("patch-no2.json", id)).patch(url(id) + "/attrs/NO2/urn:ngsi-ld:instance:none").then().statusCode(404);
    }

    @Test
    void deletingAnInstanceUpdatesAggregates() {
        create(tenant, fixture("sensor.json", id)).then().statusCode(201);
        as(tenant).delete(url(id) + "/attrs/NO2/" + instanceOf(30)).then().statusCode(204);
        JsonPath sums = sumPerDay();
        assertTriple(sums, "NO2.sum[1]", 20, "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z");
        as(tenant).delete(url(id) + "/attrs/NO2/" + instanceOf(10)).then().statusCode(204);
        assertThat(sumPerDay().getList("NO2.sum")).hasSize(2);
        as(tenant).delete(url(id) + "/attrs/NO2/urn:ngsi-ld:instance:none").then().statusCode(404);
    }

    @Test
    void deletingAttributeHistoryByDatasetOrAll() {
        create(tenant, fixture("sensor.json", id)).then().statusCode(201);
        as(tenant).body(fixture("more-no2.json", id)).post(url(id) + "/attrs").then().statusCode(204);
        as(tenant).queryParam("datasetId", "urn:ngsi-ld:Dataset:backup").delete(url(id) + "/attrs/NO2").then().statusCode(204);
        JsonPath one = as(tenant).queryParam("attrs", "NO2").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(one.getList("NO2.datasetId")).containsOnlyNulls().hasSize(5);
        as(tenant).queryParam("datasetId", "urn:ngsi-ld:Dataset:backup").delete(url(id) + "/attrs/NO2").then().statusCode(404);
        as(tenant).body(fixture("more-no2.json", id)).post(url(id) + "/attrs").then().statusCode(204);
        as(tenant).queryParam("deleteAll", "true").delete(url(id) + "/attrs/NO2").then().statusCode(204);
        JsonPath none = as(tenant).get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(none.getMap("$")).doesNotContainKey("NO2").containsKey("status");
        as(tenant).delete(url(id) + "/attrs/unknownAttr").then().statusCode(404);
    }

    @Test
    void monthAndYearPeriodsFollowTheCalendarOfTimeAtsOffset() {
        String water = newId("WaterLevel");
        create(tenant, fixture("months.json", water)).then().statusCode(201);
        OffsetDateTime start = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(1));
        OffsetDateTime end = start.plusMonths(3);
        JsonPath body = as(tenant).queryParam("options", "aggregatedValues").queryParam("aggrMethods", "totalCount,sum")
                .queryParam("aggrPeriodDuration", "P1M").queryParam("timerel", "between")
                .queryParam("timeAt", start.toString()).queryParam("endTimeAt", end.toString())
                .get(url(water)).then().statusCode(200).extract().jsonPath();
        // independently: local (+01:00) months; 2026-01-31T23:30Z is 1 February 00:30 local
        String jan = iso(start);
        String feb = iso(start.plusMonths(1));
        String mar = iso(start.plusMonths(2));
        String apr = iso(start.plusMonths(3));
        assertTriple(body, "level.totalCount[0]", 1, jan, feb);
        assertTriple(body, "level.totalCount[1]", 2, feb, mar);
        assertTriple(body, "level.sum[1]", 2.5 + 3.0, feb, mar);
        assertTriple(body, "level.sum[2]", 4.0, mar, apr);
        JsonPath year = as(tenant).queryParam("options", "aggregatedValues").queryParam("aggrMethods", "avg")
                .queryParam("aggrPeriodDuration", "P1Y").queryParam("timerel", "after").queryParam("timeAt", "2026-01-01T00:00:00Z")
                .get(url(water)).then().statusCode(200).extract().jsonPath();
        assertTriple(year, "level.avg[0]", (1.5 + 2.5 + 3.0 + 4.0) / 4, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
    }

    private static String iso(OffsetDateTime t) {
        return t.toInstant().toString();
    }

    @Test
    void longHistoriesAnswer206WithContentRange() {
        String many = newId("Counter");
        StringBuilder b = new StringBuilder("{\"id\":\"" + many + "\",\"type\":\"Counter\",\"n\":[");
        for (int i = 0; i < 600; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":\"Property\",\"value\":").append(i)
                    .append(",\"observedAt\":\"").append(java.time.Instant.parse("2026-02-01T00:00:00Z").plusSeconds(60L * i)).append("\"}");
        }
        create(tenant, b.append("]}").toString()).then().statusCode(201);
        var first = as(tenant).get(url(many)).then().statusCode(206)
                .header("Content-Range", "date-time 2026-02-01T00:00:00Z-2026-02-01T08:19:00Z/*").extract().jsonPath();
        assertThat(first.getList("n")).hasSize(500);
        // the next page starts after the range end the header gave
        var rest = as(tenant).queryParam("timerel", "after").queryParam("timeAt", "2026-02-01T08:19:00Z").get(url(many))
                .then().statusCode(200).extract().jsonPath();
        assertThat(rest.getList("n.value", Integer.class)).hasSize(100).startsWith(500).endsWith(599);
        // most recent first: from the most recent instance back to the least recent returned
        var last = as(tenant).queryParam("lastN", "550").get(url(many)).then().statusCode(206)
                .header("Content-Range", "date-time 2026-02-01T09:59:00Z-2026-02-01T01:40:00Z/550").extract().jsonPath();
        assertThat(last.getList("n.value", Integer.class)).hasSize(500).startsWith(100).endsWith(599);
        as(tenant).queryParam("lastN", "20").get(url(many)).then().statusCode(200);
    }

    @Test
    void badParametersAre400() {
        create(tenant, fixture("sensor.json", id)).then().statusCode(201);
        String[][] bad = {
            {"timerel", "before"},
            {"timerel", "during", "timeAt", "2026-01-01T00:00:00Z"},
            {"timerel", "between", "timeAt", "2026-01-01T00:00:00Z"},
            {"timerel", "between", "timeAt", "2026-01-02T00:00:00Z", "endTimeAt", "2026-01-01T00:00:00Z"},
            {"timerel", "after", "timeAt", "yesterday"},
            {"timeAt", "2026-01-01T00:00:00Z"},
            {"timeproperty", "observed"},
            {"lastN", "0"},
            {"lastN", "many"},
            {"options", "aggregatedValues"},
            {"options", "aggregatedValues", "aggrMethods", "median"},
            {"options", "aggregatedValues", "aggrMethods", "avg", "aggrPeriodDuration", "one day"},
            {"options", "aggregatedValues", "aggrMethods", "avg", "aggrPeriodDuration", "PT0.0000001S", "timerel", "after",
                "timeAt", "2020-01-01T00:00:00Z"},
            {"options", "temporalValues,aggregatedValues"},
            {"options", "concise"},
            {"limit", "5"},
        };
        for (String[] params : bad) {
            var req = as(tenant);
            for (int i = 0; i < params.length; i += 2) {
                req = req.queryParam(params[i], params[i + 1]);
            }
            req.get(url(id)).then().statusCode(400);
        }
    }
}

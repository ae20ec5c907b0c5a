package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.temporal.TemporalSupport.as;
import static org.civicbroker.temporal.TemporalSupport.create;
import static org.civicbroker.temporal.TemporalSupport.fixture;
import static org.civicbroker.temporal.TemporalSupport.newId;
import static org.civicbroker.temporal.TemporalSupport.newTenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Query temporal evolution of entities (clause 5.7.4), GET and POST /temporal/entityOperations/query. */
@QuarkusTest
class TemporalQueryApiTest {

    private final String tenant = newTenant();
    private final String a = "urn:ngsi-ld:AirQualityObserved:a-" + java.util.UUID.randomUUID();
    private final String b = "urn:ngsi-ld:AirQualityObserved:b-" + java.util.UUID.randomUUID();

    private void load() {
        create(tenant, fixture("sensor.json", a)).then().statusCode(201);
        create(tenant, fixture("sensor.json", b).replace("\"fault\"", "\"ok\"")).then().statusCode(201);
        create(tenant, fixture("months.json", newId("WaterLevel"))).then().statusCode(201);
    }

    @Test
    void byTypeWithCountAndPaging() {
        load();
        var response = as(tenant).queryParam("type", "AirQualityObserved").queryParam("count", "true")
                .queryParam("limit", "1").queryParam("attrs", "NO2").queryParam("options", "temporalValues")
                .queryParam("timerel", "after").queryParam("timeAt", "2026-01-02T00:00:00Z")
                .get(TemporalSupport.BASE).then().statusCode(200).header("NGSILD-Results-Count", "2").extract();
        // clause 5.5.9: a next-page link with every other parameter as sent, no prev on the first page
        assertThat(response.headers().getValues("Link")).anyMatch(l -> l.contains("; rel=\"next\"; type=\"application/json\"")
                && l.contains("type=AirQualityObserved") && l.contains("timerel=after") && l.contains("limit=1&offset=1"));
        assertThat(response.headers().getValues("Link")).noneMatch(l -> l.contains("rel=\"prev\""));
        JsonPath body = response.jsonPath();
        assertThat(body.getList("id")).containsExactly(a);
        assertThat(body.getList("[0].NO2.values")).containsExactly(List.of(30, "2026-01-02T00:10:00Z"),
                List.of(20, "2026-01-02T12:00:00Z"));
        var secondResponse = as(tenant).queryParam("type", "AirQualityObserved").queryParam("offset", "1").queryParam("limit", "1")
                .get(TemporalSupport.BASE).then().statusCode(200).extract();
        assertThat(secondResponse.jsonPath().getList("id")).containsExactly(b);
        assertThat(secondResponse.headers().getValues("Link")).noneMatch(l -> l.contains("rel=\"next\""))
                .anyMatch(l -> l.contains("; rel=\"prev\"; type=\"application/json\"") && l.contains("limit=1&offset=0"));
    }

    @Test
    void qTestsTheLatestStateAndIdPatternSelects() {
        load();
        JsonPath faulty = as(tenant).queryParam("type", "AirQualityObserved").queryParam("q", "status==\"fault\"")
                .get(TemporalSupport.BASE).then().statusCode(200).extract().jsonPath();
        assertThat(faulty.getList("id")).containsExactly(a);
        JsonPath pattern = as(tenant).queryParam("idPattern", ".*:b-.*").get(TemporalSupport.BASE)
                .then().statusCode(200).extract().jsonPath();
        assertThat(pattern.getList("id")).containsExactly(b);
        JsonPath geo = as(tenant).queryParam("type", "AirQualityObserved").queryParam("georel", "near;maxDistance==1000")
                .queryParam("geometry", "Point").queryParam("coordinates", "[-0.14,51.54]")
                .get(TemporalSupport.BASE).then().statusCode(200).extract().jsonPath();
        assertThat(geo.getList("id")).containsExactlyInAnyOrder(a, b);
        JsonPath far = as(tenant).queryParam("type", "AirQualityObserved").queryParam("georel", "near;maxDistance==1000")
                .queryParam("geometry", "Point").queryParam("coordinates", "[2.35,48.85]")
                .get(TemporalSupport.BASE).then().statusCode(200).extract().jsonPath();
        assertThat(far.getList("id")).isEmpty();
    }

    @Test
    void aggregatedDailyAverageForAllEntitiesOfAType() {
        load();
        JsonPath body = as(tenant).queryParam("type", "AirQualityObserved").queryParam("attrs", "NO2")
                .queryParam("options", "aggregatedValues").queryParam("aggrMethods", "avg").queryParam("aggrPeriodDuration", "P1D")
                .queryParam("timerel", "between").queryParam("timeAt", "2026-01-01T00:00:00Z").queryParam("endTimeAt", "2026-01-03T00:00:00Z")
                .get(TemporalSupport.BASE).then().statusCode(200).extract().jsonPath();
        for (int e = 0; e < 2; e++) {
            TemporalRetrieveApiTest.assertTriple(body, "[" + e + "].NO2.avg[0]", 15, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
            TemporalRetrieveApiTest.assertTriple(body, "[" + e + "].NO2.avg[1]", 25, "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z");
        }
    }

    @Test
    void postQueryWithTemporalQ() {
        load();
        JsonPath body = as(tenant).body(fixture("query-body.json", "")).queryParam("options", "temporalValues")
                .post("/ngsi-ld/v1/temporal/entityOperations/query").then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("id")).containsExactlyInAnyOrder(a, b);
        assertThat(body.getList("[0].NO2.values")).containsExactly(List.of(10, "2026-01-01T00:10:00Z"),
                List.of(20, "2026-01-01T01:10:00Z"));
        assertThat(body.getMap("[0]")).doesNotContainKey("status");
    }

    @Test
    void aQueryNeedsARestrictionAndValidParameters() {
        load();
        as(tenant).get(TemporalSupport.BASE).then().statusCode(400);
        as(tenant).queryParam("type", "AirQualityObserved").queryParam("timerel", "after").get(TemporalSupport.BASE).then().statusCode(400);
        as(tenant).queryParam("type", "AirQualityObserved").queryParam("q", "NO2>>1").get(TemporalSupport.BASE).then().statusCode(400);
        as(tenant).queryParam("type", "AirQualityObserved").queryParam("unknown", "1").get(TemporalSupport.BASE).then().statusCode(400);
        as(tenant).body("{\"type\":\"Query\",\"entities\":[{\"type\":\"AirQualityObserved\"}],\"temporalQ\":{\"timerel\":\"between\"}}")
                .post("/ngsi-ld/v1/temporal/entityOperations/query").then().statusCode(400);
    }
}

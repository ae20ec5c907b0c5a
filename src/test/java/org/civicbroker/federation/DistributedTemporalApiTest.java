package org.civicbroker.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.UUID;
import org.civicbroker.query.QueryEndpoint;
import org.junit.jupiter.api.Test;

/**
 * Distributed temporal retrieval and query (clauses 5.7.3.4, 5.7.4.4) against an in-test context source
 * ({@link FakeContextSource}): the history of the source and of this broker merged, the representation asked
 * of the source, and the NGSILD-Warning codes of clause 6.3.17 for a source that fails.
 */
@QuarkusTest
class DistributedTemporalApiTest {

    static final String TEMPORAL = "/ngsi-ld/v1/temporal/entities";
    static final String WINDOW = "timerel=after&timeAt=2026-01-01T00:00:00Z";
    static final String OPS = "[\"retrieveTemporal\", \"queryTemporal\"]";

    static String history(String id, int... values) {
        StringBuilder b = new StringBuilder("{\"id\": \"" + id + "\", \"type\": \"AirQualityObserved\", \"no2\": [");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\": \"Property\", \"value\": ").append(values[i])
                    .append(", \"observedAt\": \"2026-11-02T0").append(i).append(":00:00Z\"}");
        }
        return b.append("]}").toString();
    }

    @Test
    void aTemporalQueryMergesTheSourcesHistoryWithTheLocalOneAndLocalTrueStaysHere() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:hackney-" + UUID.randomUUID();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(history(here, 30, 31)).when().post(TEMPORAL).then().statusCode(201);
        try (FakeContextSource camden = new FakeContextSource()) {
            String query = "?type=AirQualityObserved&attrs=no2&" + WINDOW;
            camden.reply("GET", "/ngsi-ld/v1/temporal/entities" + query, 200, "[" + history(there, 41, 42, 43) + "]");
            FederationApiTest.register(tenant, FederationApiTest.registration("inclusive", OPS, camden.url()));
            in(tenant).urlEncodingEnabled(false).accept(JSON).when().get(TEMPORAL + query).then().statusCode(200)
                    .body("id", contains(there, here))
                    .body("[0].no2", hasSize(3)).body("[1].no2", hasSize(2));
            assertThat(camden.received().get(0).header("Via")).isEqualTo("1.1 " + FederationApiTest.ALIAS);
            in(tenant).urlEncodingEnabled(false).accept(JSON).when().get(TEMPORAL + query + "&local=true").then().statusCode(200)
                    .body("id", contains(here));
            // the representation the client asked for is asked of the source, as one options value
            in(tenant).urlEncodingEnabled(false).accept(JSON).when().get(TEMPORAL + query + "&format=temporalValues&lastN=1")
                    .then().statusCode(200);
            assertThat(camden.received().get(camden.received().size() - 1).pathAndQuery())
                    .endsWith(query + "&lastN=1&options=temporalValues");
        }
    }

    @Test
    void aTemporalQueryByPostGoesToTheSourceAsTheSamePost() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:hackney-" + UUID.randomUUID();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(history(here, 30, 31)).when().post(TEMPORAL).then().statusCode(201);
        String query = "{\"type\": \"Query\", \"entities\": [{\"type\": \"AirQualityObserved\"}],"
                + " \"temporalQ\": {\"timerel\": \"after\", \"timeAt\": \"2026-01-01T00:00:00Z\"}}";
        try (FakeContextSource camden = new FakeContextSource()) {
            camden.reply("POST", "/ngsi-ld/v1/temporal/entityOperations/query?limit=10", 200, "[" + history(there, 41, 42, 43) + "]");
            FederationApiTest.register(tenant, FederationApiTest.registration("inclusive", OPS, camden.url()));
            in(tenant).contentType(JSON).accept(JSON).body(query).when().post("/ngsi-ld/v1/temporal/entityOperations/query?limit=10")
                    .then().statusCode(200).body("id", contains(there, here)).body("[0].no2", hasSize(3));
            FakeContextSource.Request asked = camden.received().get(0);
            assertThat(asked.body()).isEqualTo(query);
            assertThat(asked.header("Content-Type")).startsWith(JSON);
            in(tenant).contentType(JSON).accept(JSON).body(query).when().post("/ngsi-ld/v1/temporal/entityOperations/query?local=true")
                    .then().statusCode(200).body("id", contains(here));
            assertThat(camden.received()).hasSize(1);
        }
    }

    @Test
    void aTemporalRetrievalFindsTheEntityAtTheSource() throws IOException {
        String tenant = newTenant();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        try (FakeContextSource camden = new FakeContextSource()) {
            camden.reply("GET", "/ngsi-ld/v1/temporal/entities/" + there, 200, history(there, 41, 42));
            FederationApiTest.register(tenant, FederationApiTest.registration("inclusive", OPS, camden.url()));
            in(tenant).accept(JSON).when().get(TEMPORAL + "/" + there).then().statusCode(200)
                    .body("id", equalTo(there)).body("no2", hasSize(2));
            in(tenant).accept(JSON).when().get(TEMPORAL + "/" + there + "?local=true").then().statusCode(404);
            in(tenant).accept(JSON).when().get(TEMPORAL + "/urn:ngsi-ld:AirQualityObserved:nowhere").then().statusCode(404);
        }
    }

    @Test
    void aFailingSourceIsNamedWithTheWarnCodeOfClause6317() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(history(here, 30)).when().post(TEMPORAL).then().statusCode(201);
        String query = "?type=AirQualityObserved&" + WINDOW;
        try (FakeContextSource broken = new FakeContextSource(); FakeContextSource garbled = new FakeContextSource()) {
            broken.reply("GET", "/ngsi-ld/v1/temporal/entities" + query, 500, "{\"type\": \"InternalError\"}");
            garbled.reply("GET", "/ngsi-ld/v1/temporal/entities" + query, 200, "[{\"no id\": true}]");
            FederationApiTest.register(tenant, FederationApiTest.registration("inclusive", OPS, broken.url()));
            FederationApiTest.register(tenant, FederationApiTest.registration("inclusive", OPS, garbled.url()));
            var warnings = in(tenant).urlEncodingEnabled(false).accept(JSON).when().get(TEMPORAL + query).then().statusCode(200)
                    .body("id", contains(here)).extract().headers().getValues(QueryEndpoint.WARNING_HEADER);
            assertThat(warnings).hasSize(2).anySatisfy(w -> assertThat(w).startsWith("299 ").contains(broken.url()))
                    .anySatisfy(w -> assertThat(w).startsWith("111 ").contains(garbled.url()));
        }
        String stopped;
        try (FakeContextSource gone = new FakeContextSource()) {
            stopped = gone.url();
        }
        String tenant2 = newTenant();
        in(tenant2).contentType(JSON).body(history(here, 30)).when().post(TEMPORAL).then().statusCode(201);
        FederationApiTest.register(tenant2, FederationApiTest.registration("inclusive", OPS, stopped));
        in(tenant2).urlEncodingEnabled(false).accept(JSON).when().get(TEMPORAL + query).then().statusCode(200)
                .body("id", contains(here)).header(QueryEndpoint.WARNING_HEADER, startsWith("199 "))
                .header(QueryEndpoint.WARNING_HEADER, containsString(stopped));
    }

    @Test
    void aggregatesAreComputedOverTheMergedValuesOfEveryHolder() throws IOException {
        String tenant = newTenant();
        String id = "urn:ngsi-ld:AirQualityObserved:" + UUID.randomUUID();
        // held here at 00:00 (30) and 01:00 (31); the source holds the 01:00 observation too, and 02:00 (40)
        in(tenant).contentType(JSON).body(history(id, 30, 31)).when().post(TEMPORAL).then().statusCode(201);
        String query = "?type=AirQualityObserved&attrs=no2&timerel=after&timeAt=2026-11-01T00:00:00Z";
        try (FakeContextSource camden = new FakeContextSource()) {
            // the source is asked for its values, not its aggregates (which could not be combined exactly)
            camden.reply("GET", "/ngsi-ld/v1/temporal/entities" + query + "&options=temporalValues", 200,
                    "[{\"id\": \"" + id + "\", \"type\": \"AirQualityObserved\", \"no2\": {\"type\": \"Property\", \"values\":"
                            + " [[31, \"2026-11-02T01:00:00Z\"], [40, \"2026-11-02T02:00:00Z\"]]}}]");
            FederationApiTest.register(tenant, FederationApiTest.registration("inclusive", OPS, camden.url()));
            String aggregated = "&options=aggregatedValues&aggrMethods=totalCount,sum,max,distinctCount&aggrPeriodDuration=P1D";
            // clause 4.5.19 over 30, 31, 40 (the observation both hold counted once), one period of a day from timeAt
            in(tenant).urlEncodingEnabled(false).accept(JSON).when().get(TEMPORAL + query + aggregated).then().statusCode(200)
                    .body("id", contains(id))
                    .body("[0].no2.totalCount[0][0]", equalTo(3)).body("[0].no2.sum[0][0]", equalTo(101.0f))
                    .body("[0].no2.max[0][0]", equalTo(40.0f)).body("[0].no2.distinctCount[0][0]", equalTo(3))
                    .body("[0].no2.sum[0][1]", startsWith("2026-11-02T00:00:00")).body("[0].no2.sum[0][2]", startsWith("2026-11-03T00:00:00"));
            assertThat(camden.received().get(0).pathAndQuery()).endsWith(query + "&options=temporalValues");
        }
    }

    @Test
    void aSourceThatCutItsInstancesCutsTheMergedAnswerToTheRangeAllCover() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:hackney-" + UUID.randomUUID();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(history(here, 30, 31, 32)).when().post(TEMPORAL).then().statusCode(201);
        String query = "?type=AirQualityObserved&attrs=no2&timerel=after&timeAt=2026-11-01T00:00:00Z";
        try (FakeContextSource camden = new FakeContextSource()) {
            // the source gave its instances up to 01:00 only (clause 6.3.10)
            camden.reply("GET", "/ngsi-ld/v1/temporal/entities" + query, 206, "[" + history(there, 41, 42) + "]",
                    java.util.Map.of("Content-Range", "date-time 2026-11-01T00:00:00Z-2026-11-02T01:00:00Z/*"));
            FederationApiTest.register(tenant, FederationApiTest.registration("inclusive", OPS, camden.url()));
            // the merged answer is complete up to 01:00: this broker's 02:00 instance waits for the next page
            in(tenant).urlEncodingEnabled(false).accept(JSON).when().get(TEMPORAL + query).then().statusCode(206)
                    .header("Content-Range", startsWith("date-time 2026-11-01T00:00:00"))
                    .header("Content-Range", containsString("-2026-11-02T01:00:00"))
                    .body("id", contains(there, here)).body("[0].no2", hasSize(2)).body("[1].no2", hasSize(2));
        }
    }

    @Test
    void aTemporalQueryPagesOverAnEntityMap() throws IOException {
        String tenant = newTenant();
        String here = "urn:ngsi-ld:AirQualityObserved:hackney-" + UUID.randomUUID();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        in(tenant).contentType(JSON).body(history(here, 30, 31)).when().post(TEMPORAL).then().statusCode(201);
        String query = "?type=AirQualityObserved&attrs=no2&" + WINDOW;
        try (FakeContextSource camden = new FakeContextSource()) {
            // the candidates: the temporal query without paging; a page: the map's ids of the source
            camden.reply("GET", "/ngsi-ld/v1/temporal/entities" + query + "&limit=1000", 200, "[" + history(there, 41, 42) + "]");
            camden.reply("GET", "/ngsi-ld/v1/temporal/entities" + query + "&id=" + there, 200, "[" + history(there, 41, 42) + "]");
            FederationApiTest.register(tenant, FederationApiTest.registration("inclusive", OPS, camden.url()));
            // clause 6.18.3.2: 201 when the map is made, its location in NGSILD-EntityMap
            String location = in(tenant).urlEncodingEnabled(false).accept(JSON).when().get(TEMPORAL + query + "&entityMap=true")
                    .then().statusCode(201).body("id", contains(there, here)).body("[0].no2", hasSize(2))
                    .header("NGSILD-EntityMap", containsString("/ngsi-ld/v1/entityMaps/urn:ngsi-ld:EntityMap:"))
                    .extract().header("NGSILD-EntityMap");
            in(tenant).accept(JSON).when().get(location).then().statusCode(200)
                    .body("entityMap.'" + here + "'", contains("@none"));
            // an entity whose history starts later is not among the map's (clause 5.5.9.3)
            in(tenant).contentType(JSON).body(history("urn:ngsi-ld:AirQualityObserved:new-" + UUID.randomUUID(), 50))
                    .when().post(TEMPORAL).then().statusCode(201);
            in(tenant).urlEncodingEnabled(false).accept(JSON).header("NGSILD-EntityMap", location).when().get(TEMPORAL + query)
                    .then().statusCode(200).body("id", contains(there, here)).header("NGSILD-EntityMap", equalTo(location));
            // Create EntityMap for Query Temporal Evolution of Entities (clause 6.35.3.1): all three now
            in(tenant).urlEncodingEnabled(false).accept(JSON).when().get("/ngsi-ld/v1/temporal/entityMaps" + query).then()
                    .statusCode(201).header("NGSILD-EntityMap", containsString("urn:ngsi-ld:EntityMap:"))
                    .body("type", equalTo("EntityMap")).body("entityMap.size()", equalTo(3));
        }
    }

    @Test
    void aSourceThatOnlyQueriesIsAskedTheTemporalQueryForARetrievalById() throws IOException {
        String tenant = newTenant();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        try (FakeContextSource camden = new FakeContextSource()) {
            // clause 4.20: queryTemporal without retrieveTemporal; the type is the registration's
            camden.reply("GET", "/ngsi-ld/v1/temporal/entities?id=" + there + "&type=AirQualityObserved&lastN=1", 200,
                    "[" + history(there, 41, 42) + "]");
            FederationApiTest.register(tenant, FederationApiTest.registration("inclusive", "[\"queryTemporal\"]", camden.url()));
            in(tenant).accept(JSON).when().get(TEMPORAL + "/" + there + "?lastN=1").then().statusCode(200)
                    .body("id", equalTo(there));
            assertThat(camden.received()).hasSize(1);
        }
    }

    @Test
    void aSourceThatMakesTemporalEntityMapsIsRecordedInLinkedMaps() throws IOException {
        String tenant = newTenant();
        String there = "urn:ngsi-ld:AirQualityObserved:camden-" + UUID.randomUUID();
        String registrationId = "urn:ngsi-ld:ContextSourceRegistration:" + UUID.randomUUID();
        String remoteMap = "urn:ngsi-ld:EntityMap:camden-" + UUID.randomUUID();
        String query = "?type=AirQualityObserved&attrs=no2&" + WINDOW;
        try (FakeContextSource camden = new FakeContextSource()) {
            // clause 5.14.5: createEntityMapQueryTemporal, the source's own map
            camden.reply("GET", "/ngsi-ld/v1/temporal/entityMaps" + query + "&limit=1000", 201, "{\"id\": \"" + remoteMap
                    + "\", \"type\": \"EntityMap\", \"entityMap\": {\"" + there + "\": [\"@none\"]}}");
            camden.reply("GET", "/ngsi-ld/v1/temporal/entities" + query + "&id=" + there, 200, "[" + history(there, 41, 42) + "]");
            FederationApiTest.register(tenant, FederationApiTest.fixture("registration.json", "id", registrationId, "mode", "inclusive",
                    "operations", "[\"queryTemporal\", \"createEntityMapQueryTemporal\"]", "endpoint", camden.url(),
                    "alias", "camden-" + UUID.randomUUID()));
            String location = in(tenant).urlEncodingEnabled(false).accept(JSON).when().get(TEMPORAL + query + "&entityMap=true")
                    .then().statusCode(201).body("id", contains(there)).extract().header("NGSILD-EntityMap");
            in(tenant).accept(JSON).when().get(location).then().statusCode(200)
                    .body("linkedMaps.'" + registrationId + "'", equalTo(remoteMap));
            FakeContextSource.Request page = camden.received().get(camden.received().size() - 1);
            assertThat(page.pathAndQuery()).isEqualTo("/ngsi-ld/v1/temporal/entities" + query + "&id=" + there);
            assertThat(page.header("NGSILD-EntityMap")).isEqualTo("/ngsi-ld/v1/entityMaps/" + remoteMap);
            assertThat(camden.received()).hasSize(2);
        }
    }
}

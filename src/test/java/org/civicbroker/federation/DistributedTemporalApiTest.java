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
}

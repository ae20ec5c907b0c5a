package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.temporal.TemporalSupport.as;
import static org.civicbroker.temporal.TemporalSupport.create;
import static org.civicbroker.temporal.TemporalSupport.fixture;
import static org.civicbroker.temporal.TemporalSupport.newId;
import static org.civicbroker.temporal.TemporalSupport.newTenant;
import static org.civicbroker.temporal.TemporalSupport.url;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The temporal API as GS CIM 009 defines it (clauses 5.6.11-5.6.16, 5.7.3, 5.7.4, 4.5.7, 4.5.9): one entity
 * seen through both APIs, deletion instances, selection by time, datasetId and projection, the upsert rule
 * and the instance modification body. Written from the spec text (docs/temporal.md).
 */
@QuarkusTest
class TemporalConformanceApiTest {

    private static final String ENTITIES = "/ngsi-ld/v1/entities/";

    private final String tenant = newTenant();
    private final String id = newId("TestCar");

    private void load() {
        create(tenant, fixture("vehicle.json", id)).then().statusCode(201);
    }

    @Test
    void anEntityCreatedThroughTheTemporalApiIsTheLiveEntityWithItsLatestInstances() {
        load();
        JsonPath live = as(tenant).get(ENTITIES + id).then().statusCode(200).extract().jsonPath();
        assertThat(live.getInt("speed.value")).isEqualTo(100);
        assertThat(live.getString("speed.observedAt")).isEqualTo("2020-08-01T12:07:00Z");
        assertThat(live.getList("fuelLevel.value", Integer.class)).containsExactlyInAnyOrder(67, 40);
        // adding older instances leaves the newer live value; a newer one replaces it
        as(tenant).body(fixture("vehicle-again.json", id)).post(url(id) + "/attrs").then().statusCode(204);
        assertThat(as(tenant).get(ENTITIES + id).then().statusCode(200).extract().jsonPath().getInt("speed.value")).isEqualTo(90);
    }

    @Test
    void aDeletionThroughTheEntityApiIsADeletionInstance() throws InterruptedException {
        load();
        as(tenant).delete(ENTITIES + id + "/attrs/speed").then().statusCode(204);
        as(tenant).delete(ENTITIES + id + "/attrs/name").then().statusCode(204);
        JsonPath deleted = awaitDeletions(2);
        assertThat(deleted.getList("speed")).hasSize(1);
        assertThat(deleted.getString("speed[0].value")).isEqualTo("urn:ngsi-ld:null");
        assertThat(deleted.getString("speed[0].deletedAt")).isNotNull();
        assertThat(deleted.getMap("name[0].languageMap")).isEqualTo(Map.of("@none", "urn:ngsi-ld:null"));
        assertThat(deleted.getMap("$")).doesNotContainKey("fuelLevel");
        JsonPath simplified = as(tenant).queryParam("timeproperty", "deletedAt").queryParam("options", "temporalValues")
                .get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(simplified.getString("speed.values[0][0]")).isEqualTo("urn:ngsi-ld:null");
        // the whole history is still there
        assertThat(as(tenant).get(url(id)).then().statusCode(200).extract().jsonPath().getList("speed")).hasSize(4);
    }

    /** Waits for the asynchronous recorder to hold {@code attributes} attributes with deletion instances. */
    private JsonPath awaitDeletions(int attributes) throws InterruptedException {
        String last = "none";
        for (int i = 0; i < 600; i++) {  // up to 60 s: the recorder may still be working through earlier test classes
            var r = as(tenant).queryParam("timeproperty", "deletedAt").get(url(id));
            if (r.statusCode() == 200) {
                JsonPath body = r.jsonPath();
                last = body.prettify();
                if (body.getMap("$").size() == 2 + attributes) {
                    return body;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deletions not recorded: " + last);
    }

    @Test
    void anObservationSentAgainAtTheSameTimeReplacesTheStoredOne() {
        load();
        create(tenant, fixture("vehicle-again.json", id)).then().statusCode(204);
        JsonPath body = as(tenant).queryParam("attrs", "speed").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("speed.value", Integer.class)).containsExactly(121, 80, 100, 90);
    }

    @Test
    void datasetIdSelectsInstanceLines() {
        load();
        JsonPath tank2 = as(tenant).queryParam("datasetId", "urn:ngsi-ld:Dataset:tank2").get(url(id))
                .then().statusCode(200).extract().jsonPath();
        assertThat(tank2.getList("fuelLevel.value", Integer.class)).containsExactly(53, 40);
        assertThat(tank2.getMap("$")).containsOnlyKeys("id", "type", "fuelLevel");
        JsonPath none = as(tenant).queryParam("datasetId", "@none").queryParam("attrs", "fuelLevel").get(url(id))
                .then().statusCode(200).extract().jsonPath();
        assertThat(none.getList("fuelLevel.value", Integer.class)).containsExactly(67);
        as(tenant).queryParam("datasetId", "urn:ngsi-ld:Dataset:other").get(url(id)).then().statusCode(404);
        as(tenant).queryParam("datasetId", "not a uri").get(url(id)).then().statusCode(400);
    }

    @Test
    void lastNCountsPerAttributeOverItsDatasets() {
        load();
        JsonPath body = as(tenant).queryParam("lastN", "2").queryParam("attrs", "fuelLevel").get(url(id))
                .then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("fuelLevel.value", Integer.class)).containsExactly(53, 40);
    }

    @Test
    void aRetrievalThatSelectsNothingIs404() {
        load();
        as(tenant).queryParam("attrs", "unknownAttribute").get(url(id)).then().statusCode(404);
        as(tenant).queryParam("pick", "unknownAttribute").get(url(id)).then().statusCode(404);
        as(tenant).queryParam("omit", "id,type,speed,fuelLevel,name").get(url(id)).then().statusCode(404);
        as(tenant).queryParam("timerel", "after").queryParam("timeAt", "2021-01-01T00:00:00Z").get(url(id))
                .then().statusCode(404);
        JsonPath idOnly = as(tenant).queryParam("pick", "id").get(url(id)).then().statusCode(200).extract().jsonPath();
        assertThat(idOnly.getMap("$")).containsOnlyKeys("id");
    }

    @Test
    void aQueryLeavesOutEntitiesWithoutInstancesInTheWindow() {
        load();
        String september = newId("TestCar");
        create(tenant, fixture("vehicle-september.json", september)).then().statusCode(201);
        JsonPath body = as(tenant).queryParam("type", "TestCar").queryParam("timerel", "after")
                .queryParam("timeAt", "2020-08-15T00:00:00Z").get(TemporalSupport.BASE).then().statusCode(200)
                .extract().jsonPath();
        assertThat(body.getList("id")).containsExactly(september);
        JsonPath both = as(tenant).queryParam("type", "TestCar").queryParam("orderBy", "speed;desc")
                .queryParam("timerel", "after").queryParam("timeAt", "2020-01-01T00:00:00Z").get(TemporalSupport.BASE)
                .then().statusCode(200).extract().jsonPath();
        assertThat(both.getList("id")).containsExactly(id, september);
    }

    @Test
    void anInstanceIsModifiedWithTheInstanceOrAFragmentAfterItIsFound() {
        load();
        String instanceId = as(tenant).queryParam("attrs", "speed").get(url(id)).then().statusCode(200)
                .extract().jsonPath().getString("speed[0].instanceId");
        as(tenant).body(fixture("speed-instance.json", id)).patch(url(id) + "/attrs/speed/" + instanceId)
                .then().statusCode(204);
        List<Integer> values = as(tenant).queryParam("attrs", "speed").get(url(id)).then().statusCode(200)
                .extract().jsonPath().getList("speed.value", Integer.class);
        assertThat(values).containsExactly(129, 80, 100);
        // not found before the body is read: an unknown entity, attribute or instance is 404 whatever the body
        as(tenant).body("{\"not\": \"an instance\"}").patch(url(id) + "/attrs/speed/urn:ngsi-ld:instance:unknown")
                .then().statusCode(404);
        as(tenant).body(fixture("speed-instance.json", id)).patch(url(newId("TestCar")) + "/attrs/speed/" + instanceId)
                .then().statusCode(404);
        as(tenant).body(fixture("speed-instance.json", id)).patch(url(id) + "/attrs/other/" + instanceId)
                .then().statusCode(404);
        as(tenant).body("{\"not\": \"an instance\"}").patch(url(id) + "/attrs/speed/" + instanceId).then().statusCode(400);
    }

    @Test
    void timesArePrintedAsTheyWereSent() {
        load();
        as(tenant).queryParam("attrs", "speed").queryParam("options", "temporalValues").get(url(id)).then().statusCode(200)
                .body("speed.values[0][1]", equalTo("2020-08-01T12:03:00Z"));
    }
}

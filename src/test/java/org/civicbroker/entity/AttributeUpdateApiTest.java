package org.civicbroker.entity;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.BASE;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.LD_JSON;
import static org.civicbroker.entity.ApiSupport.attrPath;
import static org.civicbroker.entity.ApiSupport.create;
import static org.civicbroker.entity.ApiSupport.fixture;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.path;
import static org.civicbroker.entity.ApiSupport.problem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Update Attributes (clause 5.6.2 of V1.9.1, partial update patch 5.5.8), Append Attributes' scope rule
 * (5.6.3), Partial Attribute Update (5.6.4), deleting scope (5.6.5) and the request checks that come with
 * them: NGSI-LD Null deletions, types added, scope replaced, fragments in every content type.
 */
@QuarkusTest
class AttributeUpdateApiTest {

    private static final String DEFAULT = "https://uri.etsi.org/ngsi-ld/default-context/";

    private final String tenant = newTenant();
    private String id;

    @BeforeEach
    void createSensor() {
        id = newId("Sensor");
        create(tenant, fixture("sensor.json", id));
    }

    private String read(String entity) {
        return get(tenant, entity).extract().asString();
    }

    @Test
    void updateDeletesNullMarkedAttributesOfEveryTypeAndAppendsNewInstances() {
        in(tenant).contentType(JSON).body(fixture("update-nulls.json")).when().patch(path(id) + "/attrs")
                .then().statusCode(204);
        String body = read(id);
        assertThatJson(body).node("name").isAbsent();
        assertThatJson(body).node("location").isAbsent();
        // temperature had no instance with that datasetId: it is appended next to the default one
        assertThatJson(body).node("temperature").isArray().hasSize(2);
        assertThatJson(body).node("temperature[1]")
                .isEqualTo("{\"type\":\"Property\",\"value\":19.5,\"datasetId\":\"urn:ngsi-ld:Dataset:roof\"}");
    }

    @Test
    void updateDeletesOneDatasetInstance() {
        String wid = newId("WeatherObserved");
        create(tenant, fixture("multi-instance.json", wid));
        in(tenant).contentType(JSON).body(fixture("update-dataset-null.json")).when().patch(path(wid) + "/attrs")
                .then().statusCode(204);
        assertThatJson(read(wid)).inPath("temperature[*].datasetId").isArray()
                .containsExactly("urn:ngsi-ld:Dataset:sensor-b");
        // deleting it again: nothing to delete, reported by its expanded name
        in(tenant).contentType(JSON).body(fixture("update-dataset-null.json")).when().patch(path(wid) + "/attrs")
                .then().statusCode(207)
                .body("notUpdated[0].attributeName", equalTo(DEFAULT + "temperature"));
    }

    @Test
    void updateAddsTypesAndReplacesAnExistingScopeOnly() {
        in(tenant).contentType(JSON).body(fixture("update-type-and-scope.json")).when().patch(path(id) + "/attrs")
                .then().statusCode(207)
                .body("notUpdated[0].attributeName", equalTo("scope"));
        assertThatJson(read(id)).node("type").isArray().containsExactly("Sensor", "AirQualitySensor");
        assertThatJson(read(id)).node("scope").isAbsent();

        String scoped = newId("Sensor");
        create(tenant, fixture("scoped-sensor.json", scoped));
        in(tenant).contentType(JSON).body(fixture("append-scope.json")).when().patch(path(scoped) + "/attrs")
                .then().statusCode(204);
        assertThatJson(read(scoped)).node("scope").isEqualTo("/London/Islington");
    }

    @Test
    void appendReplacesTheScopeOrWithNoOverwriteAddsToIt() {
        String scoped = newId("Sensor");
        create(tenant, fixture("scoped-sensor.json", scoped));
        in(tenant).contentType(JSON).body(fixture("append-scope.json")).when()
                .post(path(scoped) + "/attrs?options=noOverwrite").then().statusCode(204);
        assertThatJson(read(scoped)).node("scope").isArray().containsExactly("/London/Camden", "/London/Islington");
        in(tenant).contentType(JSON).body(fixture("append-scope.json")).when().post(path(scoped) + "/attrs")
                .then().statusCode(204);
        assertThatJson(read(scoped)).node("scope").isEqualTo("/London/Islington");
    }

    @Test
    void deletingTheAttributeScopeRemovesTheScope() {
        String scoped = newId("Sensor");
        create(tenant, fixture("scoped-sensor.json", scoped));
        in(tenant).when().delete(attrPath(scoped, "scope")).then().statusCode(204);
        assertThatJson(read(scoped)).node("scope").isAbsent();
        problem(in(tenant).when().delete(attrPath(scoped, "scope")).then(), 404, "ResourceNotFound");
    }

    @Test
    void partialUpdateTakesJsonLdMergePatchAndTheStoredType() {
        in(tenant).contentType(LD_JSON).body(fixture("patch-sub-attributes.jsonld")).when()
                .patch(attrPath(id, "temperature")).then().statusCode(204);
        assertThatJson(read(id)).node("temperature.calibratedBy.object").isEqualTo("urn:ngsi-ld:Organisation:UKAS");
        assertThatJson(read(id)).node("temperature.value").isEqualTo(21.5);
        in(tenant).contentType("application/merge-patch+json").body(fixture("temperature-partial.json")).when()
                .patch(attrPath(id, "temperature")).then().statusCode(204);
        assertThatJson(read(id)).node("temperature.value").isEqualTo(23.25);
        assertThatJson(read(id)).node("temperature.calibratedBy.object").isEqualTo("urn:ngsi-ld:Organisation:UKAS");
    }

    @Test
    void partialUpdateDeletesWithNullAndNeverChangesTheType() {
        String before = read(id);
        problem(in(tenant).contentType(JSON).body(fixture("patch-wrong-type.json")).when()
                .patch(attrPath(id, "temperature")).then(), 400, "BadRequestData");
        problem(in(tenant).contentType(JSON).body(fixture("temperature-partial.json")).when()
                .patch(attrPath(id, "scope")).then(), 400, "BadRequestData");
        assertThatJson(read(id)).isEqualTo(before);
        in(tenant).contentType(JSON).body(fixture("patch-location-null.json")).when()
                .patch(attrPath(id, "location")).then().statusCode(204);
        assertThatJson(read(id)).node("location").isAbsent();
    }

    @Test
    void updateResultNamesAttributesByTheirExpandedNames() {
        in(tenant).contentType(JSON).body(fixture("sensor-append.json")).when().post(path(id) + "/attrs?options=noOverwrite")
                .then().statusCode(207)
                .body("updated", contains(DEFAULT + "battery"))
                .body("notUpdated.attributeName", containsInAnyOrder("https://uri.etsi.org/ngsi-ld/status"));
    }

    /** Sends the path as written: RestAssured folds "//" into "/", which is the case under test. */
    private HttpResponse<String> raw(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header(ApiSupport.TENANT, tenant).header("Content-Type", JSON)
                .method(method, HttpRequest.BodyPublishers.ofString(fixture("sensor-update.json"))).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void missingIdentifiersAndReservedTypesAre400() throws Exception {
        for (String[] call : new String[][] {{"POST", BASE + "//attrs/"}, {"PATCH", BASE + "//attrs/status"},
                {"DELETE", BASE + "//attrs/status"}}) {
            HttpResponse<String> r = raw(call[0], call[1]);
            assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(400);
            assertThatJson(r.body()).node("type").isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        }
        problem(in(tenant).contentType(JSON).body(fixture("sensor-update.json")).when().patch(BASE + "/")
                .then(), 400, "BadRequestData");
        problem(in(tenant).when().delete(path(id) + "/attrs/").then(), 405, "OperationNotSupported");
        String typed = newId("Thing");
        problem(in(tenant).contentType(LD_JSON).body(fixture("reserved-type.jsonld", typed)).when().post(BASE)
                .then(), 400, "BadRequestData");
        problem(in(tenant).contentType(LD_JSON).body(fixture("empty-array.json")).when().post(BASE)
                .then(), 400, "InvalidRequest");
        ApiSupport.assertAbsent(tenant, typed);
    }

    @Test
    void aTypeSelectorMustMatchTheEntity() {
        // clauses 5.6.2.3 - 5.7.1.3: an optional selector of entity types; no entity of that id and type is 404
        in(tenant).when().get(path(id) + "?type=Sensor").then().statusCode(200);
        in(tenant).when().get(path(id) + "?type=Building%7CSensor").then().statusCode(200);
        problem(in(tenant).when().get(path(id) + "?type=Building").then(), 404, "ResourceNotFound");
        problem(in(tenant).contentType(JSON).body(fixture("sensor-update-existing.json")).when()
                .patch(path(id) + "/attrs?type=Building").then(), 404, "ResourceNotFound");
        problem(in(tenant).when().delete(attrPath(id, "status") + "?type=Building").then(), 404, "ResourceNotFound");
        problem(in(tenant).when().delete(path(id) + "?type=Building").then(), 404, "ResourceNotFound");
        assertThatJson(read(id)).node("status.value").isEqualTo("ok");
        in(tenant).when().delete(path(id) + "?type=Sensor").then().statusCode(204);
    }

    @Test
    void localTrueIsAcceptedByEveryOperation() {
        in(tenant).contentType(JSON).body(fixture("sensor-update-existing.json")).when().patch(path(id) + "/attrs?local=true")
                .then().statusCode(204);
        in(tenant).when().get(path(id) + "?local=true").then().statusCode(200);
        in(tenant).contentType(JSON).body(fixture("temperature-partial.json")).when()
                .patch(attrPath(id, "temperature") + "?local=true").then().statusCode(204);
        problem(in(tenant).when().delete(path(id) + "?local=maybe").then(), 400, "BadRequestData");
        in(tenant).when().delete(path(id) + "?local=true").then().statusCode(204);
        String other = newId("Sensor");
        in(tenant).contentType(JSON).body(fixture("sensor.json", other)).when().post(BASE + "?local=true")
                .then().statusCode(201);
    }
}

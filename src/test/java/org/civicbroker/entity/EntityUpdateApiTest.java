package org.civicbroker.entity;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.assertAbsent;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Entity provision updates over HTTP (clause 5.6): replace, merge-patch, append, update, partial and
 * replace attribute, delete attribute, delete entity; their 207 and 404 answers.
 */
@QuarkusTest
class EntityUpdateApiTest {

    private static final String SENSOR_A = "urn:ngsi-ld:Dataset:sensor-a";

    private final String tenant = newTenant();
    private String id;

    @BeforeEach
    void createSensor() {
        id = newId("Sensor");
        create(tenant, fixture("sensor.json", id));
    }

    private String read() {
        return get(tenant, id).extract().asString();
    }

    private JsonPath readSys() {
        return in(tenant).when().get(path(id) + "?options=sysAttrs").then().statusCode(200).extract().jsonPath();
    }

    /** Lets the clock move on so that modifiedAt differs from createdAt (millisecond precision). */
    private static void tick() throws InterruptedException {
        Thread.sleep(5);
    }

    @Test
    void replaceEntityDropsOldAttributesAndKeepsCreatedAt() throws Exception {
        Instant created = Instant.parse(readSys().getString("createdAt"));
        tick();
        in(tenant).contentType(JSON).body(fixture("sensor-replacement.json")).when().put(path(id))
                .then().statusCode(204);
        String body = read();
        assertThatJson(body).isObject().containsOnlyKeys("id", "type", "serialNumber", "status");
        assertThatJson(body).node("status.value").isEqualTo("maintenance");
        JsonPath sys = readSys();
        assertThat(Instant.parse(sys.getString("createdAt"))).isEqualTo(created);
        assertThat(Instant.parse(sys.getString("modifiedAt"))).isAfter(created);
        assertThat(Instant.parse(sys.getString("status.createdAt"))).isAfter(created);
    }

    @Test
    void replaceEntityRejectsADifferentIdInTheBody() {
        String before = read();
        problem(in(tenant).contentType(JSON).body(fixture("sensor-replacement-other-id.json")).when().put(path(id)).then(),
                400, "BadRequestData");
        assertThatJson(read()).isEqualTo(before);
    }

    @Test
    void replaceEntityOfAnUnknownEntityIs404() {
        String other = newId("Sensor");
        problem(in(tenant).contentType(JSON).body(fixture("sensor-replacement.json")).when().put(path(other)).then(),
                404, "ResourceNotFound");
        assertAbsent(tenant, other);
    }

    @Test
    void mergePatchMergesAttributesAndSubAttributesAndDeletesNulls() {
        in(tenant).contentType("application/merge-patch+json").body(fixture("sensor-merge.json")).when().patch(path(id))
                .then().statusCode(204);
        String body = read();
        assertThatJson(body).node("name.value").isEqualTo("Kerbside sensor 2");
        assertThatJson(body).node("status").isAbsent();
        assertThatJson(body).node("installedBy.object").isEqualTo("urn:ngsi-ld:Organisation:Camden");
        assertThatJson(body).node("location.value.type").isEqualTo("Point");
        // The temperature instance is merged: value replaced, metadata kept, sub-attributes merged.
        assertThatJson(body).node("temperature").isEqualTo("""
                {"type":"Property","value":22.0,"unitCode":"CEL","observedAt":"2024-05-01T10:00:00Z",
                 "calibratedBy":{"type":"Relationship","object":"urn:ngsi-ld:Organisation:NPL"},
                 "battery":{"type":"Property","value":0.8}}""");
    }

    @Test
    void mergePatchAcceptsApplicationJson() {
        in(tenant).contentType(JSON).body(fixture("sensor-update-existing.json")).when().patch(path(id))
                .then().statusCode(204);
        assertThatJson(read()).node("status.value").isEqualTo("degraded");
    }

    @Test
    void appendAddsAndOverwritesAttributes() throws Exception {
        Instant created = Instant.parse(readSys().getString("status.createdAt"));
        tick();
        in(tenant).contentType(JSON).body(fixture("sensor-append.json")).when().post(path(id) + "/attrs")
                .then().statusCode(204);
        String body = read();
        assertThatJson(body).node("status.value").isEqualTo("offline");
        assertThatJson(body).node("battery").isEqualTo("{\"type\":\"Property\",\"value\":0.2,\"unitCode\":\"P1\"}");
        assertThatJson(body).node("name.value").isEqualTo("Kerbside sensor");
        JsonPath sys = readSys();
        assertThat(Instant.parse(sys.getString("status.createdAt"))).isEqualTo(created);
        assertThat(Instant.parse(sys.getString("status.modifiedAt"))).isAfter(created);
    }

    @Test
    void appendWithNoOverwriteKeepsExistingAttributesAnd207() {
        in(tenant).contentType(JSON).body(fixture("sensor-append.json")).when().post(path(id) + "/attrs?options=noOverwrite")
                .then().statusCode(207)
                .contentType(JSON)
                .body("updated", contains("https://uri.etsi.org/ngsi-ld/default-context/battery"))
                .body("notUpdated", hasSize(1))
                .body("notUpdated[0].attributeName", equalTo("https://uri.etsi.org/ngsi-ld/status"));
        String body = read();
        assertThatJson(body).node("status.value").isEqualTo("ok");
        assertThatJson(body).node("battery.value").isEqualTo(0.2);
    }

    @Test
    void appendRejectsUnknownOptionsAndParameters() {
        problem(in(tenant).contentType(JSON).body(fixture("sensor-append.json")).when().post(path(id) + "/attrs?options=fancy")
                .then(), 400, "InvalidRequest");
        problem(in(tenant).contentType(JSON).body(fixture("sensor-append.json")).when().post(path(id) + "/attrs?foo=1")
                .then(), 400, "InvalidRequest");
        assertThatJson(read()).isEqualTo(fixture("sensor.json", id));
    }

    @Test
    void updateAttributesReplacesExistingOnes() {
        in(tenant).contentType(JSON).body(fixture("sensor-update-existing.json")).when().patch(path(id) + "/attrs")
                .then().statusCode(204);
        assertThatJson(read()).node("status.value").isEqualTo("degraded");
    }

    @Test
    void updateAttributesAppendsAttributesThatDoNotExist() {
        // clause 5.6.2.4 of V1.9.1: a partial update patch appends what the entity does not have
        in(tenant).contentType(JSON).body(fixture("sensor-update.json")).when().patch(path(id) + "/attrs")
                .then().statusCode(204);
        String body = read();
        assertThatJson(body).node("status.value").isEqualTo("degraded");
        assertThatJson(body).node("noSuchAttribute.value").isEqualTo(1);
    }

    @Test
    void partialAttributeUpdateChangesOnlyTheGivenMembers() {
        in(tenant).contentType(JSON).body(fixture("temperature-partial.json")).when().patch(attrPath(id, "temperature"))
                .then().statusCode(204);
        assertThatJson(read()).node("temperature").isEqualTo("""
                {"type":"Property","value":23.25,"unitCode":"CEL","observedAt":"2024-05-01T10:00:00Z",
                 "accuracy":{"type":"Property","value":0.25},
                 "calibratedBy":{"type":"Relationship","object":"urn:ngsi-ld:Organisation:NPL"}}""");
    }

    @Test
    void partialAttributeUpdateTargetsADatasetInstance() {
        String wid = newId("WeatherObserved");
        create(tenant, fixture("multi-instance.json", wid));
        in(tenant).contentType(JSON).body(fixture("temperature-dataset-partial.json")).when().patch(attrPath(wid, "temperature"))
                .then().statusCode(204);
        String body = get(tenant, wid).extract().asString();
        assertThatJson(body).node("temperature[0].value").isEqualTo(20.5);
        assertThatJson(body).node("temperature[1]")
                .isEqualTo("{\"type\":\"Property\",\"value\":30,\"unitCode\":\"CEL\",\"datasetId\":\"" + SENSOR_A + "\"}");
        assertThatJson(body).node("temperature[2].value").isEqualTo(19.75);
    }

    @Test
    void partialAttributeUpdateOfAMissingAttributeIs404() {
        problem(in(tenant).contentType(JSON).body(fixture("temperature-partial.json")).when().patch(attrPath(id, "humidity"))
                .then(), 404, "ResourceNotFound");
        assertThatJson(read()).node("humidity").isAbsent();
    }

    @Test
    void replaceAttributeReplacesTheWholeInstance() {
        in(tenant).contentType(JSON).body(fixture("temperature-replacement.json")).when().put(attrPath(id, "temperature"))
                .then().statusCode(204);
        assertThatJson(read()).node("temperature").isEqualTo("{\"type\":\"Property\",\"value\":18}");
    }

    @Test
    void replaceAttributeOfAMissingAttributeIs404() {
        problem(in(tenant).contentType(JSON).body(fixture("temperature-replacement.json")).when().put(attrPath(id, "humidity"))
                .then(), 404, "ResourceNotFound");
        assertThatJson(read()).node("humidity").isAbsent();
    }

    @Test
    void deleteAttributeRemovesTheDefaultInstanceThenADatasetThenAll() {
        String wid = newId("WeatherObserved");
        create(tenant, fixture("multi-instance.json", wid));
        in(tenant).when().delete(attrPath(wid, "temperature")).then().statusCode(204);
        assertThat(get(tenant, wid).extract().jsonPath().getList("temperature.datasetId"))
                .containsExactly(SENSOR_A, "urn:ngsi-ld:Dataset:sensor-b");
        problem(in(tenant).when().delete(attrPath(wid, "temperature")).then(), 404, "ResourceNotFound");

        String dataset = "?datasetId=" + URLEncoder.encode(SENSOR_A, StandardCharsets.UTF_8);
        in(tenant).when().delete(attrPath(wid, "temperature") + dataset).then().statusCode(204);
        assertThatJson(get(tenant, wid).extract().asString()).node("temperature.datasetId")
                .isEqualTo("urn:ngsi-ld:Dataset:sensor-b");
        problem(in(tenant).when().delete(attrPath(wid, "temperature") + dataset).then(), 404, "ResourceNotFound");

        in(tenant).contentType(JSON).body(fixture("temperature-replacement.json")).when().post(path(wid) + "/attrs")
                .then().statusCode(204);
        in(tenant).when().delete(attrPath(wid, "temperature") + "?deleteAll=true").then().statusCode(204);
        assertThatJson(get(tenant, wid).extract().asString()).node("temperature").isAbsent();
    }

    @Test
    void deleteAttributeRejectsBadParametersAndMissingAttributes() {
        problem(in(tenant).when().delete(attrPath(id, "humidity")).then(), 404, "ResourceNotFound");
        problem(in(tenant).when().delete(attrPath(id, "status") + "?datasetId=not%20a%20uri").then(), 400, "BadRequestData");
        problem(in(tenant).when().delete(attrPath(id, "status") + "?deleteAll=yes").then(), 400, "BadRequestData");
        assertThatJson(read()).isEqualTo(fixture("sensor.json", id));
    }

    @Test
    void deleteEntityThen404() {
        in(tenant).when().delete(path(id)).then().statusCode(204);
        problem(in(tenant).when().get(path(id)).then(), 404, "ResourceNotFound");
        problem(in(tenant).when().delete(path(id)).then(), 404, "ResourceNotFound");
    }

    @Test
    void everyUpdateOfAnUnknownEntityIs404() {
        String other = newId("Sensor");
        problem(in(tenant).contentType(JSON).body(fixture("sensor-update-existing.json")).when().patch(path(other)).then(),
                404, "ResourceNotFound");
        problem(in(tenant).contentType(JSON).body(fixture("sensor-append.json")).when().post(path(other) + "/attrs").then(),
                404, "ResourceNotFound");
        problem(in(tenant).contentType(JSON).body(fixture("sensor-update-existing.json")).when().patch(path(other) + "/attrs")
                .then(), 404, "ResourceNotFound");
        problem(in(tenant).contentType(JSON).body(fixture("temperature-partial.json")).when().patch(attrPath(other, "temperature"))
                .then(), 404, "ResourceNotFound");
        problem(in(tenant).contentType(JSON).body(fixture("temperature-replacement.json")).when().put(attrPath(other, "temperature"))
                .then(), 404, "ResourceNotFound");
        problem(in(tenant).when().delete(attrPath(other, "temperature")).then(), 404, "ResourceNotFound");
        assertAbsent(tenant, other);
    }

    @Test
    void updatesRejectInvalidBodiesAndChangeNothing() {
        problem(in(tenant).contentType("text/plain").body(fixture("sensor-append.json")).when().post(path(id) + "/attrs").then(),
                415, "InvalidRequest");
        problem(in(tenant).contentType(JSON).body("{").when().patch(path(id) + "/attrs").then(), 400, "InvalidRequest");
        problem(in(tenant).contentType(JSON).body(fixture("invalid-attribute.json", id)).when().patch(path(id)).then(),
                400, "BadRequestData");
        problem(in(tenant).contentType(JSON).body(fixture("sensor-replacement.json")).when().put(ApiSupport.BASE + "/not%20a%20uri")
                .then(), 400, "BadRequestData");
        assertThatJson(read()).isEqualTo(fixture("sensor.json", id));
    }

    @Test
    void mergePatchContentTypeIsOnlyForMergeEntity() {
        problem(in(tenant).contentType("application/merge-patch+json").body(fixture("sensor-append.json"))
                .when().post(path(id) + "/attrs").then(), 415, "InvalidRequest");
        problem(in(tenant).contentType(JSON).body("").when().patch(path(id) + "/attrs").then(), 400, "InvalidRequest");
        assertThatJson(read()).isEqualTo(fixture("sensor.json", id));
    }

    @Test
    void unsupportedMethodsAndMalformedLinkHeadersAreProblems() {
        problem(in(tenant).contentType(JSON).body(fixture("sensor-append.json")).when().post(path(id)).then(),
                405, "OperationNotSupported");
        problem(in(tenant).header("Link", "not a link").when().get(path(id)).then(), 400, "BadRequestData");
    }
}

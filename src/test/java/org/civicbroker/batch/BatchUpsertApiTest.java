package org.civicbroker.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.batch.BatchSupport.errors;
import static org.civicbroker.batch.BatchSupport.fixture;
import static org.civicbroker.batch.BatchSupport.post;
import static org.civicbroker.batch.BatchSupport.success;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.assertAbsent;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.path;
import static org.civicbroker.entity.ApiSupport.problem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Entity;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.validation.EntityValidator;
import org.civicbroker.validation.SchemaBindings;
import org.civicbroker.validation.ValidationConfig;
import org.civicbroker.validation.ValidationWarnings;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /entityOperations/upsert (clause 5.6.8), options=replace (default) and options=update. */
@QuarkusTest
class BatchUpsertApiTest {

    // the real validator's collaborators, for the refusing subclass installed as a mock below
    @Inject
    SchemaBindings bindings;
    @Inject
    ValidationConfig config;
    @Inject
    MeterRegistry meters;
    @Inject
    ValidationWarnings warnings;

    private final String tenant = newTenant();
    private final String a = newId("Sensor");
    private final String b = newId("Sensor");
    private final String c = newId("Sensor");
    private final Map<String, String> ids = Map.of("a", a, "b", b, "c", c);

    @BeforeEach
    void createAAndB() {
        post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(201);
        in(tenant).when().delete(path(c)).then().statusCode(204);
    }

    @Test
    void answers201WithOnlyTheCreatedIds() {
        String body = post(tenant, "upsert", fixture("sensor-a-renamed.json", ids)).statusCode(201).contentType(JSON)
                .extract().asString();
        assertThat(JsonPath.from(body).getList("$", String.class)).containsExactly(c);
        get(tenant, c).body("name.value", equalTo("new one"));
    }

    @Test
    void answers204WhenEveryEntityExisted() {
        post(tenant, "upsert", fixture("upsert-existing.json", ids)).statusCode(204);
    }

    @Test
    void replaceIsTheDefaultAndReplacesTheWholeEntityKeepingCreatedAt() {
        String createdAt = in(tenant).accept(JSON).when().get(path(a) + "?options=sysAttrs").then().statusCode(200)
                .extract().path("createdAt");
        post(tenant, "upsert", fixture("sensor-a-renamed.json", ids)).statusCode(201);
        in(tenant).accept(JSON).when().get(path(a) + "?options=sysAttrs").then().statusCode(200)
                .body("name.value", equalTo("renamed")).body("status", nullValue()).body("temperature", nullValue())
                .body("createdAt", equalTo(createdAt));
        post(tenant, "upsert?options=replace", fixture("upsert-existing.json", ids)).statusCode(204);
        get(tenant, a).body("name", nullValue()).body("temperature.value", equalTo(30));
    }

    @Test
    void updateAppendsAndOverwritesAttributesAndKeepsTheOthers() {
        post(tenant, "upsert?options=update", fixture("upsert-existing.json", ids)).statusCode(204);
        get(tenant, a).body("status.value", equalTo("ok")).body("temperature.value", equalTo(30))
                .body("temperature.unitCode", nullValue()).body("battery.value", equalTo(0.9f));
        get(tenant, b).body("status.value", equalTo("ok")).body("name.value", equalTo("b"));
    }

    /** ETSI TP/NGSI-LD/CI/Prov/BE/004_07: elements with the same id are applied in order to one entity. */
    @Test
    void duplicateIdsAreAppliedInOrder() {
        String fresh = newId("Sensor");
        Map<String, String> dup = Map.of("a", fresh);
        String body = post(tenant, "upsert?options=update", fixture("upsert-duplicate.json", dup)).statusCode(201)
                .extract().asString();
        assertThat(JsonPath.from(body).getList("$", String.class)).containsExactly(fresh);
        get(tenant, fresh).body("temperature.value", equalTo(1)).body("battery.value", equalTo(0.5f));

        post(tenant, "upsert", fixture("upsert-duplicate.json", dup)).statusCode(204);
        get(tenant, fresh).body("temperature", nullValue()).body("battery.value", equalTo(0.5f));
    }

    @Test
    void aRefusedOrInvalidEntityIsItsOwnErrorAndTheOthersAreWritten() {
        QuarkusMock.installMockForType(new EntityValidator(bindings, config, meters, warnings) {
            @Override
            public void validate(Tenant t, Entity after) {
                if (after.attributes().containsKey(BatchSupport.NS + "refuseMe")) {
                    throw NgsiException.badData("refused by the validator");
                }
            }
        }, EntityValidator.class);
        ValidatableResponse r = post(tenant, "upsert", fixture("upsert-partial.json", ids)).statusCode(207);
        assertThat(success(r)).containsExactly(a);
        assertThat(errors(r)).containsOnly(Map.entry(b, "BadRequestData"), Map.entry(c, "BadRequestData"));
        assertThat(r.extract().asString()).contains("refused by the validator").contains("GeoProperty");
        get(tenant, a).body("temperature.value", equalTo(2)).body("status", nullValue());
        get(tenant, b).body("status.value", equalTo("ok"));
        assertAbsent(tenant, c);
    }

    @Test
    void optionsOtherThanReplaceOrUpdateAre400() {
        problem(post(tenant, "upsert?options=noOverwrite", fixture("upsert-existing.json", ids)), 400, "BadRequestData");
        problem(post(tenant, "upsert?options=replace,update", fixture("upsert-existing.json", ids)), 400, "BadRequestData");
        get(tenant, a).body("temperature.value", equalTo(21.5f));
    }
}

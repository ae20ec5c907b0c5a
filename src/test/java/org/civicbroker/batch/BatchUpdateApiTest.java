package org.civicbroker.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.batch.BatchSupport.errorList;
import static org.civicbroker.batch.BatchSupport.errors;
import static org.civicbroker.batch.BatchSupport.fixture;
import static org.civicbroker.batch.BatchSupport.post;
import static org.civicbroker.batch.BatchSupport.success;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.problem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /entityOperations/update (clause 5.6.9) and /entityOperations/merge (clause 5.6.20). */
@QuarkusTest
class BatchUpdateApiTest {

    private final String tenant = newTenant();
    private final String a = newId("Sensor");
    private final String b = newId("Sensor");
    private final String c = newId("Sensor");
    private final String x = newId("Sensor");
    private final Map<String, String> ids = Map.of("a", a, "b", b, "c", c, "x", x);

    @BeforeEach
    void createSensors() {
        post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(201);
    }

    @Test
    void updateOverwritesAndAppendsAttributesAndReportsMissingEntities() {
        ValidatableResponse r = post(tenant, "update", fixture("update.json", ids)).statusCode(207);
        assertThat(success(r)).containsExactly(a, b);
        assertThat(errors(r)).containsExactly(Map.entry(x, "ResourceNotFound"), Map.entry("", "BadRequestData"));
        assertThat(errorList(r).get(1).get("error").toString()).contains("element 3");
        get(tenant, a).body("temperature.value", equalTo(25)).body("battery.value", equalTo(0.7f))
                .body("status.value", equalTo("ok"));
        get(tenant, b).body("status.value", equalTo("degraded")).body("temperature.value", equalTo(18));
    }

    @Test
    void updateWithNoOverwriteOnlyAddsNewAttributesAndReportsTheOthers() {
        // clause 5.6.9.4: each entity is appended as 5.6.3 does; attributes left alone make it a partial success
        ValidatableResponse r = post(tenant, "update?options=noOverwrite", "[{\"id\": \"" + a + "\", \"temperature\": "
                + "{\"type\": \"Property\", \"value\": 25}, \"battery\": {\"type\": \"Property\", \"value\": 0.7}},"
                + " {\"id\": \"" + c + "\", \"battery\": {\"type\": \"Property\", \"value\": 0.9}}]").statusCode(207);
        assertThat(success(r)).containsExactly(c);
        assertThat(errors(r)).containsExactly(Map.entry(a, "BadRequestData"));
        assertThat(errorList(r).get(0).get("error").toString()).contains("temperature");
        get(tenant, a).body("temperature.value", equalTo(21.5f)).body("battery.value", equalTo(0.7f));
    }

    @Test
    void updateAnswers204WhenAllWereUpdated() {
        post(tenant, "update", "[{\"id\": \"" + c + "\", \"name\": {\"type\": \"Property\", \"value\": \"n\"}}]").statusCode(204);
        get(tenant, c).body("name.value", equalTo("n"));
    }

    @Test
    void mergeAppliesMergePatchSemanticsAndReportsMissingEntities() {
        ValidatableResponse r = post(tenant, "merge", fixture("merge.json", ids)).statusCode(207);
        assertThat(success(r)).containsExactly(a, b);
        assertThat(errors(r)).containsExactly(Map.entry(x, "ResourceNotFound"));
        get(tenant, a).body("status", nullValue()).body("temperature.value", equalTo(19))
                .body("temperature.unitCode", equalTo("CEL"));
        get(tenant, b).body("name.value", equalTo("merged")).body("status.value", equalTo("ok"));
    }

    @Test
    void mergeAnswers204WhenAllWereMerged() {
        post(tenant, "merge", "[{\"id\": \"" + b + "\", \"status\": {\"type\": \"Property\", \"value\": \"m\"}}]").statusCode(204);
        get(tenant, b).body("status.value", equalTo("m"));
    }

    @Test
    void updateAndMergeInATenantThatDoesNotExistAre404() {
        problem(post(newTenant(), "update", fixture("update.json", ids)), 404, "NonexistentTenant");
        problem(post(newTenant(), "merge", fixture("merge.json", ids)), 404, "NonexistentTenant");
    }

    @Test
    void wrongOptionsAre400() {
        problem(post(tenant, "update?options=replace", fixture("update.json", ids)), 400, "BadRequestData");
        problem(post(tenant, "merge?options=noOverwrite", fixture("merge.json", ids)), 400, "InvalidRequest");
        get(tenant, a).body("temperature.value", equalTo(21.5f));
    }
}

package org.civicbroker.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.batch.BatchSupport.errors;
import static org.civicbroker.batch.BatchSupport.fixture;
import static org.civicbroker.batch.BatchSupport.post;
import static org.civicbroker.batch.BatchSupport.success;
import static org.civicbroker.entity.ApiSupport.assertAbsent;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.problem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /entityOperations/delete (clause 5.6.10): an array of entity ids. */
@QuarkusTest
class BatchDeleteApiTest {

    private final String tenant = newTenant();
    private final String a = newId("Sensor");
    private final String b = newId("Sensor");
    private final String c = newId("Sensor");
    private final Map<String, String> ids = Map.of("a", a, "b", b, "c", c);

    @BeforeEach
    void createSensors() {
        post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(201);
    }

    @Test
    void deletesEveryEntityAndAnswers204() {
        post(tenant, "delete", "[\"" + a + "\", \"" + b + "\"]").statusCode(204);
        assertAbsent(tenant, a);
        assertAbsent(tenant, b);
        get(tenant, c);
    }

    /** ETSI TP/NGSI-LD/CI/Prov/BE/006_04: a repeated id was deleted by its first occurrence, so it is not found. */
    @Test
    void reportsMissingRepeatedAndInvalidIdsAndDeletesTheOthers() {
        String missing = newId("Sensor");
        ValidatableResponse r = post(tenant, "delete",
                "[\"" + a + "\", \"" + missing + "\", 42, \"not a uri\", \"" + a + "\", \"" + c + "\"]").statusCode(207);
        assertThat(success(r)).containsExactly(a, c);
        assertThat(errors(r)).containsOnly(Map.entry(missing, "ResourceNotFound"), Map.entry("", "BadRequestData"),
                Map.entry("not a uri", "BadRequestData"), Map.entry(a, "ResourceNotFound"));
        assertThat(BatchSupport.errorList(r)).hasSize(4);
        assertAbsent(tenant, a);
        assertAbsent(tenant, c);
        get(tenant, b);
    }

    @Test
    void notAnArrayOrEmptyIs400() {
        problem(post(tenant, "delete", "[]"), 400, "BadRequestData");
        problem(post(tenant, "delete", "{\"id\": \"" + a + "\"}"), 400, "BadRequestData");
        get(tenant, a);
    }

    @Test
    void aTenantThatDoesNotExistIs404() {
        problem(post(newTenant(), "delete", "[\"" + a + "\"]"), 404, "NonexistentTenant");
        get(tenant, a);
    }
}

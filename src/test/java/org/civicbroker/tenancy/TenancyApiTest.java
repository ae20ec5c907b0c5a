package org.civicbroker.tenancy;

import static io.restassured.RestAssured.given;
import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.TENANT;
import static org.civicbroker.entity.ApiSupport.create;
import static org.civicbroker.entity.ApiSupport.fixture;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.path;
import static org.civicbroker.entity.ApiSupport.problem;

import io.quarkus.test.junit.QuarkusTest;
import org.civicbroker.entity.ApiSupport;
import org.junit.jupiter.api.Test;

/** Tenants over HTTP (clause 4.14): created by a write, 404 NonexistentTenant on reads, isolated from each other. */
@QuarkusTest
class TenancyApiTest {

    @Test
    void aWriteToANewTenantCreatesIt() {
        String tenant = newTenant();
        String id = newId("Building");
        problem(in(tenant).when().get(path(id)).then(), 404, "NonexistentTenant");
        create(tenant, fixture("building.json", id));
        assertThatJson(get(tenant, id).extract().asString()).isEqualTo(fixture("building.json", id));
    }

    @Test
    void readsFromAnUnknownTenantAre404NonexistentTenant() {
        String tenant = newTenant();
        String id = newId("Building");
        problem(in(tenant).when().get(path(id)).then(), 404, "NonexistentTenant");
        problem(in(tenant).when().delete(path(id)).then(), 404, "NonexistentTenant");
        problem(in(tenant).contentType(JSON).body(fixture("sensor-update-existing.json")).when().patch(path(id) + "/attrs")
                .then(), 404, "NonexistentTenant");
    }

    @Test
    void aRejectedWriteDoesNotCreateTheTenant() {
        String tenant = newTenant();
        String id = newId("Building");
        in(tenant).contentType(JSON).body(fixture("missing-type.json", id)).when().post(ApiSupport.BASE)
                .then().statusCode(400);
        problem(in(tenant).when().get(path(id)).then(), 404, "NonexistentTenant");
    }

    @Test
    void anInvalidTenantNameIs400() {
        String id = newId("Building");
        problem(given().header(TENANT, "bad tenant!").urlEncodingEnabled(false).contentType(JSON)
                .body(fixture("building.json", id)).when().post(ApiSupport.BASE).then(), 400, "BadRequestData");
        problem(given().header(TENANT, "bad tenant!").urlEncodingEnabled(false).when().get(path(id)).then(),
                400, "BadRequestData");
        problem(given().header(TENANT, "x".repeat(49)).urlEncodingEnabled(false).when().get(path(id)).then(),
                400, "BadRequestData");
    }

    @Test
    void entitiesAreInvisibleInOtherTenantsAndTheDefaultTenant() {
        String a = newTenant();
        String b = newTenant();
        String id = newId("Building");
        create(a, fixture("building.json", id));
        create(b, fixture("building.json", newId("Building")));
        problem(in(b).when().get(path(id)).then(), 404, "ResourceNotFound");
        problem(given().urlEncodingEnabled(false).when().get(path(id)).then(), 404, "ResourceNotFound");
        problem(in(b).when().delete(path(id)).then(), 404, "ResourceNotFound");
        get(a, id);
    }

    @Test
    void theSameIdLivesIndependentlyInTwoTenants() {
        String a = newTenant();
        String b = newTenant();
        String id = newId("Building");
        create(a, fixture("building.json", id));
        create(b, fixture("sensor.json", id));
        assertThatJson(get(a, id).extract().asString()).isEqualTo(fixture("building.json", id));
        assertThatJson(get(b, id).extract().asString()).isEqualTo(fixture("sensor.json", id));
        in(a).when().delete(path(id)).then().statusCode(204);
        get(b, id);
    }

    @Test
    void tenantNamesDifferingInCaseAreDifferentTenants() {
        String lower = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String upper = lower.toUpperCase(java.util.Locale.ROOT);
        String id = newId("Building");
        create(lower, fixture("building.json", id));
        problem(in(upper).when().get(path(id)).then(), 404, "NonexistentTenant");
    }
}

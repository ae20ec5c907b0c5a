package org.civicbroker.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.batch.BatchSupport.OPS;
import static org.civicbroker.batch.BatchSupport.errorList;
import static org.civicbroker.batch.BatchSupport.errors;
import static org.civicbroker.batch.BatchSupport.fixture;
import static org.civicbroker.batch.BatchSupport.post;
import static org.civicbroker.batch.BatchSupport.success;
import static org.civicbroker.entity.ApiSupport.CORE_LINK;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.LD_JSON;
import static org.civicbroker.entity.ApiSupport.assertAbsent;
import static org.civicbroker.entity.ApiSupport.create;
import static org.civicbroker.entity.ApiSupport.get;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.problem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /entityOperations/create (clause 5.6.7) and the request checks every batch operation shares. */
@QuarkusTest
class BatchCreateApiTest {

    private final String tenant = newTenant();
    private final String a = newId("Sensor");
    private final String b = newId("Sensor");
    private final String c = newId("Sensor");
    private final String d = newId("Sensor");
    private final Map<String, String> ids = Map.of("a", a, "b", b, "c", c, "d", d);

    @Test
    void createsEveryEntityAndAnswers201WithTheIds() {
        String body = post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(201)
                .contentType(JSON).extract().asString();
        assertThat(JsonPath.from(body).getList("$", String.class)).containsExactlyInAnyOrder(a, b, c);
        get(tenant, a).body("status.value", equalTo("ok")).body("temperature.value", equalTo(21.5f))
                .body("temperature.unitCode", equalTo("CEL"));
        get(tenant, b).body("temperature.value", equalTo(18));
        get(tenant, c).body("name.value", equalTo("kerbside"));
    }

    @Test
    void badElementsAreReportedOneByOneAndTheGoodOnesAreCreated() {
        ValidatableResponse r = post(tenant, "create", fixture("partial-create.json", ids)).statusCode(207).contentType(JSON);
        assertThat(success(r)).containsExactly(a, b);
        List<Map<String, Object>> errors = errorList(r);
        assertThat(errors).hasSize(4);
        assertThat(errors).extracting(e -> e.get("entityId")).containsExactly("not a uri", "", c, d);
        assertThat(errors).allSatisfy(e -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> problem = (Map<String, Object>) e.get("error");
            assertThat(problem.get("type")).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
            assertThat(problem.get("status")).isEqualTo(400);
        });
        assertThat(errors).extracting(e -> String.valueOf(((Map<?, ?>) e.get("error")).get("detail")))
                .satisfiesExactly(s -> assertThat(s).startsWith("element 1: "), s -> assertThat(s).startsWith("element 2: "),
                        s -> assertThat(s).startsWith("element 3: ").contains("type"), s -> assertThat(s).startsWith("element 4: "));
        get(tenant, a);
        get(tenant, b);
        assertAbsent(tenant, c);
        assertAbsent(tenant, d);
    }

    @Test
    void anExistingEntityIsAlreadyExistsAndTheOthersAreCreated() {
        create(tenant, "{\"id\": \"" + a + "\", \"type\": \"Sensor\", \"status\": {\"type\": \"Property\", \"value\": \"old\"}}");
        ValidatableResponse r = post(tenant, "create", fixture("three-sensors.json", ids)).statusCode(207);
        assertThat(success(r)).containsExactlyInAnyOrder(b, c);
        assertThat(errors(r)).containsExactly(Map.entry(a, "AlreadyExists"));
        assertThat(errorList(r).get(0)).extracting(e -> ((Map<?, ?>) e.get("error")).get("status")).isEqualTo(409);
        get(tenant, a).body("status.value", equalTo("old")).body("temperature", org.hamcrest.Matchers.nullValue());
    }

    /** ETSI TP/NGSI-LD/CI/Prov/BE/003_10: the first element creates the entity, a later one with its id is an error. */
    @Test
    void aDuplicateIdIsAlreadyExistsForTheLaterElements() {
        ValidatableResponse r = post(tenant, "create", fixture("duplicate-create.json", ids)).statusCode(207);
        assertThat(success(r)).containsExactly(a, b);
        assertThat(errors(r)).containsExactly(Map.entry(a, "AlreadyExists"));
        assertThat(errorList(r).get(0).get("error").toString()).contains("element 1");
        get(tenant, a).body("status.value", equalTo("first"));
    }

    @Test
    void ldJsonElementsEachCarryTheirOwnContext() {
        ValidatableResponse r = in(tenant).contentType(LD_JSON).body(fixture("elements-with-context.jsonld", ids))
                .when().post(OPS + "create").then().statusCode(207);
        assertThat(success(r)).containsExactly(a, c);
        assertThat(errors(r)).containsExactly(Map.entry(b, "BadRequestData"));
        get(tenant, a).body("type", equalTo("https://example.org/Meter")).body("'https://example.org/reading'.value", equalTo(1));
        get(tenant, c).body("type", equalTo("https://example.com/OtherMeter"))
                .body("'https://example.com/otherReading'.value", equalTo(3));
        assertAbsent(tenant, b);
    }

    @Test
    void jsonElementsTakeTheLinkContextAndMayNotCarryOne() {
        ValidatableResponse r = in(tenant).contentType(JSON).header("Link", CORE_LINK)
                .body(fixture("element-with-context.json", ids)).when().post(OPS + "create").then().statusCode(207);
        assertThat(success(r)).containsExactly(a);
        assertThat(errors(r)).containsExactly(Map.entry(b, "BadRequestData"));
        assertThat(errorList(r).get(0).get("error").toString()).contains("@context");
    }

    @Test
    void requestsThatAreNotABatchAre400AndCreateNothing() {
        problem(post(tenant, "create", "[]"), 400, "BadRequestData").body("detail", containsString("empty"));
        problem(post(tenant, "create", "{\"id\": \"" + a + "\", \"type\": \"Sensor\"}"), 400, "BadRequestData")
                .body("detail", containsString("array"));
        problem(post(tenant, "create", "[{\"id\": \"" + a + "\""), 400, "InvalidRequest");
        problem(post(tenant, "create", ""), 400, "InvalidRequest");
        problem(in(tenant).contentType("text/plain").body(fixture("three-sensors.json", ids)).when().post(OPS + "create")
                .then(), 415, "InvalidRequest");
        problem(in(tenant).contentType(LD_JSON).header("Link", CORE_LINK).body(fixture("three-sensors.json", ids))
                .when().post(OPS + "create").then(), 400, "BadRequestData");
        problem(post(tenant, "create?foo=1", fixture("three-sensors.json", ids)), 400, "InvalidRequest");
        in(tenant).when().get("/ngsi-ld/v1/entities/" + a).then().statusCode(404);
    }

    @Test
    void aBatchOverTheMaximumIs400WithAClearMessage() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i <= 1000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\": \"urn:ngsi-ld:Sensor:").append(i).append("\", \"type\": \"Sensor\"}");
        }
        problem(post(tenant, "create", body.append("]").toString()), 400, "BadRequestData")
                .body("detail", containsString("1001")).body("detail", containsString("at most 1000"));
        in(tenant).when().get("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:1").then().statusCode(404);
    }
}

package org.civicbroker.batch;

import static net.javacrumbs.jsonunit.assertj.JsonAssertions.assertThatJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.batch.BatchSupport.fixture;
import static org.civicbroker.batch.BatchSupport.post;
import static org.civicbroker.entity.ApiSupport.BASE;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.entity.ApiSupport.problem;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DELETE /entities (purge, V1.9.1 clause 5.6.21): the filters, drop and keep, and what restricts a purge enough. */
@QuarkusTest
class PurgeApiTest {

    private final String tenant = newTenant();
    private final String p = UUID.randomUUID().toString();
    private final String s1 = "urn:ngsi-ld:Sensor:" + p + "-1";
    private final String s2 = "urn:ngsi-ld:Sensor:" + p + "-2";
    private final String s3 = "urn:ngsi-ld:Sensor:" + p + "-3";
    private final String l1 = "urn:ngsi-ld:Streetlight:" + p + "-1";
    private final String l2 = "urn:ngsi-ld:Streetlight:" + p + "-2";

    @BeforeEach
    void createSet() {
        post(tenant, "create", fixture("purge-set.json", Map.of("p", p))).statusCode(201);
    }

    private void purge(String query, int status) {
        in(tenant).when().delete(BASE + query).then().statusCode(status);
    }

    /** The ids of the set that are still stored. */
    private List<String> remaining() {
        return Stream.of(s1, s2, s3, l1, l2)
                .filter(id -> in(tenant).when().get(BASE + "/" + enc(id)).then().extract().statusCode() == 200)
                .toList();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void byType() {
        purge("?type=Sensor", 204);
        assertThat(remaining()).containsExactly(l1, l2);
    }

    @Test
    void byIdsWithTypes() {
        purge("?type=Sensor,Streetlight&id=" + enc(s1 + "," + l1), 204);
        assertThat(remaining()).containsExactly(s2, s3, l2);
    }

    @Test
    void byIdPatternInLocalScope() {
        purge("?local=true&idPattern=" + enc(".*" + p + "-2$"), 204);
        assertThat(remaining()).containsExactly(s1, s3, l1);
    }

    @Test
    void localScopeAlonePurgesTheTenant() {
        purge("?local=true", 204);
        assertThat(remaining()).isEmpty();
    }

    @Test
    void dropDeletesTheListedAttributesOnly() {
        purge("?type=Sensor&drop=temperature", 204);
        assertThat(remaining()).containsExactly(s1, s2, s3, l1, l2);
        String sensor = in(tenant).when().get(BASE + "/" + enc(s1)).then().statusCode(200).extract().asString();
        assertThatJson(sensor).isObject().containsOnlyKeys("id", "type", "name");
        assertThatJson(in(tenant).when().get(BASE + "/" + enc(l1)).then().extract().asString()).node("temperature").isPresent();
    }

    @Test
    void keepDeletesEveryOtherAttribute() {
        purge("?id=" + enc(s1) + "&keep=name", 204);
        String sensor = in(tenant).when().get(BASE + "/" + enc(s1)).then().statusCode(200).extract().asString();
        assertThatJson(sensor).isObject().containsOnlyKeys("id", "type", "name");
        assertThatJson(in(tenant).when().get(BASE + "/" + enc(s2)).then().extract().asString()).node("temperature").isPresent();
    }

    @Test
    void byQ() {
        purge("?q=" + enc("temperature>20"), 204);
        assertThat(remaining()).containsExactly(s1, l2);
    }

    @Test
    void byTypeAndQ() {
        purge("?type=Sensor&q=" + enc("temperature>20"), 204);
        assertThat(remaining()).containsExactly(s1, l1, l2);
    }

    @Test
    void nothingMatchingIs204AndDeletesNothing() {
        purge("?type=Building", 204);
        assertThat(remaining()).containsExactly(s1, s2, s3, l1, l2);
    }

    @Test
    void aPurgeThatDoesNotRestrictEnoughIsRefused() {
        problem(in(tenant).when().delete(BASE).then(), 400, "BadRequestData").body("detail", containsString("at least one"));
        problem(in(tenant).when().delete(BASE + "?id=" + enc(s1)).then(), 400, "BadRequestData");
        problem(in(tenant).when().delete(BASE + "?idPattern=.*").then(), 400, "BadRequestData");
        problem(in(tenant).when().delete(BASE + "?type=Sensor&drop=name&keep=temperature").then(), 400, "BadRequestData");
        assertThat(remaining()).containsExactly(s1, s2, s3, l1, l2);
    }

    @Test
    void invalidOrUnknownParametersAre400() {
        problem(in(tenant).when().delete(BASE + "?q=" + enc("temperature>>")).then(), 400, "InvalidRequest");
        problem(in(tenant).when().delete(BASE + "?id=notauri").then(), 400, "BadRequestData");
        problem(in(tenant).when().delete(BASE + "?type=Sensor&pick=temperature").then(), 400, "InvalidRequest");
        problem(in(tenant).when().delete(BASE + "?type=Sensor&type=Streetlight").then(), 400, "InvalidRequest");
        assertThat(remaining()).containsExactly(s1, s2, s3, l1, l2);
    }

    @Test
    void aTenantThatDoesNotExistIs404() {
        problem(in(newTenant()).when().delete(BASE + "?type=Sensor").then(), 404, "NonexistentTenant");
    }
}

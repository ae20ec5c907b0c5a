package org.civicbroker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A secured broker does not fetch @contexts from loopback or private addresses unless
 * CIVIC_JSONLD_PRIVATE_HOSTS=true (docs/security.md, "Outgoing calls"): 400, nothing written. Runs in the
 * {@link SecurityApiTest} application.
 */
@QuarkusTest
@TestProfile(TestKeys.SecurityOn.class)
class ContextHostsSecurityOnApiTest {

    @BeforeEach
    void lookUpJaxRsOnTheEventLoop() {
        io.restassured.RestAssured.given().get("/ngsi-ld/v1/subscriptions").then().statusCode(401);  // see SecurityApiTest
    }

    @Test
    void aContextOnALoopbackAddressIs400WhenSecurityIsOn() {
        String t = SecurityApiTest.tenant();
        Response r = SecurityApiTest.as(t, TestKeys.token("ann", t + ":writer")).contentType("application/json")
                .header("Link", "<http://127.0.0.1:9/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; "
                        + "type=\"application/ld+json\"")
                .body(ContextHostsApiTest.ENTITY).post("/ngsi-ld/v1/entities");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("detail")).contains("loopback or private");
        SecurityApiTest.as(t, TestKeys.token("ann", t + ":writer")).get("/ngsi-ld/v1/entities/urn:ngsi-ld:BikeDock:ssrf-1")
                .then().statusCode(404);
    }
}

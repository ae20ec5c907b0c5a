package org.civicbroker.common.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the limits checked before the resources answer a ProblemDetails like every other error: a
 * request line over the limit (414) and headers over the limit (431) came back with an empty body.
 */
@QuarkusTest
class RequestLimitsApiTest {

    private static final String ERRORS = "https://uri.etsi.org/ngsi-ld/errors/";

    @Test
    void aRequestLineOverTheLimitIs414ProblemDetails() {
        given().queryParam("type", "A".repeat(5000)).when().get("/ngsi-ld/v1/entities")
                .then().statusCode(414).contentType("application/json")
                .body("type", equalTo(ERRORS + "BadRequestData"), "status", equalTo(414), "detail", containsString("4096"));
    }

    @Test
    void headersOverTheLimitAre431ProblemDetails() {
        given().header("X-Large", "a".repeat(21000)).when().get("/ngsi-ld/v1/entities?type=A")
                .then().statusCode(431).contentType("application/json")
                .body("type", equalTo(ERRORS + "BadRequestData"), "status", equalTo(431));
    }

    @Test
    void requestsWithinTheLimitsAreServed() {
        given().queryParam("type", "A".repeat(3000)).when().get("/ngsi-ld/v1/entities")
                .then().statusCode(200);
    }
}

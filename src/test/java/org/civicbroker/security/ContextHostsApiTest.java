package org.civicbroker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/**
 * The @context host deny list (CIVIC_JSONLD_DENIED_HOSTS) through the API: a Link header naming a denied
 * host is 400 BadRequestData before anything is fetched; runs in the {@link SecuredMode} application, whose
 * profile denies {@value SecuredMode.Profile#DENIED_CONTEXT_HOSTS}. The private-address default of a secured
 * broker: {@link ContextHostsSecurityOnApiTest}.
 */
@QuarkusTest
@TestProfile(SecuredMode.Profile.class)
@ExtendWith(SecuredMode.class)
class ContextHostsApiTest {

    static final String ENTITY = "{\"id\": \"urn:ngsi-ld:BikeDock:ssrf-1\", \"type\": \"BikeDock\"}";

    static Response createWithContext(String contextUrl) {
        return given().header("NGSILD-Tenant", "t-context-hosts").contentType("application/json")
                .header("Link", "<" + contextUrl + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"")
                .body(ENTITY).post("/ngsi-ld/v1/entities");
    }

    @Test
    void aContextOnADeniedHostIs400() {
        for (String url : new String[] {"http://ctx.evil.example/context.jsonld", "https://contexts.blocked.example/c.jsonld"}) {
            Response r = createWithContext(url);
            assertThat(r.statusCode()).as(url).isEqualTo(400);
            assertThat(r.jsonPath().getString("type")).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
            assertThat(r.jsonPath().getString("detail")).contains("denied hosts");
        }
        given().header("NGSILD-Tenant", "t-context-hosts").get("/ngsi-ld/v1/entities/urn:ngsi-ld:BikeDock:ssrf-1")
                .then().statusCode(404);
    }
}

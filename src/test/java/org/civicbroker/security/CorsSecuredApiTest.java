package org.civicbroker.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CORS switched on ({@code CIVIC_CORS_ENABLED=true}, {@code CIVIC_CORS_ORIGINS}) for a browser client of a
 * secured broker (docs/security.md, "Browsers"): the allowed origin's preflight and requests are answered
 * with the CORS headers, the broker's response headers are exposed, another origin is refused. Runs in the
 * {@link SecuredMode} application (its profile turns CORS on too), so it costs no extra start.
 */
@QuarkusTest
@TestProfile(SecuredMode.Profile.class)
@ExtendWith(SecuredMode.class)
class CorsSecuredApiTest {

    @Test
    void theAllowedOriginsPreflightIsAnsweredBeforeAuthentication() {
        Response r = given().noFilters().header("Origin", SecuredMode.Profile.CORS_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,ngsild-tenant,link")
                .options("/ngsi-ld/v1/entities");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(SecuredMode.Profile.CORS_ORIGIN);
        assertThat(r.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization").contains("ngsild-tenant");
    }

    @Test
    void theAllowedOriginReadsWithATokenAndSeesTheBrokersHeaders() {
        Response r = given().header("Origin", SecuredMode.Profile.CORS_ORIGIN)
                .get("/ngsi-ld/v1/entities?type=Nothing&count=true");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(SecuredMode.Profile.CORS_ORIGIN);
        assertThat(r.header("Access-Control-Expose-Headers")).contains("NGSILD-Results-Count").contains("Link")
                .contains("WWW-Authenticate");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void anotherOriginIsRefused() {
        Response r = given().header("Origin", "https://evil.example.com").get("/ngsi-ld/v1/entities?type=Nothing");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }
}

package org.civicbroker.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Secure response headers on every answer, a Content-Security-Policy on the transparency page, and CORS
 * off by default (docs/security.md, "Browsers"). Security off (the default profile): the headers do not
 * depend on it. CORS switched on: {@link CorsSecuredApiTest}.
 */
@QuarkusTest
class SecureHeadersApiTest {

    static final String ORIGIN = "https://map.example.org";

    @Test
    void everyAnswerCarriesTheSecureHeaders() {
        for (String path : new String[] {"/version", "/ngsi-ld/v1/entities?type=Nothing", "/ngsi-ld/v1/entities/urn:ngsi-ld:X:none"}) {
            Response r = given().get(path);
            assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
    }

    @Test
    void theTransparencyPageHasAContentSecurityPolicyAndTheApiNone() {
        String csp = given().get("/transparency").header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'");
        assertThat(given().get("/transparency/some-borough").header("Content-Security-Policy")).isEqualTo(csp);
        assertThat(given().get("/version").header("Content-Security-Policy")).isNull();
    }

    @Test
    void corsIsOffByDefault() {
        Response r = given().header("Origin", ORIGIN).get("/ngsi-ld/v1/entities?type=Nothing");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        Response preflight = given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "GET")
                .options("/ngsi-ld/v1/entities");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }
}

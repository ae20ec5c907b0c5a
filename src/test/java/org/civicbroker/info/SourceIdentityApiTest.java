package org.civicbroker.info;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** GET /info/sourceIdentity (V1.9.1 clause 5.15, Table 5.2.40-1). */
@QuarkusTest
class SourceIdentityApiTest {

    private static final String PATH = "/ngsi-ld/v1/info/sourceIdentity";

    @Test
    void identityHasTheSpecMembersAndAStableId() {
        Instant before = Instant.now().minusSeconds(1);
        JsonPath first = given().get(PATH).then().statusCode(200)
                .contentType(containsString("application/json"))
                .header("Link", containsString("ngsi-ld-core-context"))
                .body("type", equalTo("ContextSourceIdentity"))
                .body("id", matchesPattern("urn:ngsi-ld:ContextSourceIdentity:[0-9a-f-]{36}"))
                .body("contextSourceAlias", equalTo("civic-broker"))
                .body("contextSourceExtras.broker", equalTo("Civic Broker"))
                .extract().jsonPath();
        assertThat(Duration.parse(first.getString("contextSourceUptime"))).isPositive();
        assertThat(Instant.parse(first.getString("contextSourceTimeAt"))).isBetween(before, Instant.now().plusSeconds(1));

        String again = given().get(PATH).then().statusCode(200).extract().jsonPath().getString("id");
        assertThat(again).isEqualTo(first.getString("id"));
    }

    @Test
    void eachConfiguredTenantHasItsOwnAliasOthersTheBrokers() {
        given().header("NGSILD-Tenant", "t-camden").get(PATH).then().statusCode(200)
                .body("contextSourceAlias", equalTo("camden-air"));
        given().header("NGSILD-Tenant", "t-hackney").get(PATH).then().statusCode(200)
                .body("contextSourceAlias", equalTo("hackney-flood"));
        given().header("NGSILD-Tenant", "t-other").get(PATH).then().statusCode(200)
                .body("contextSourceAlias", equalTo("civic-broker"));
    }

    @Test
    void tenantAliasPairsMustBeTenantEqualsAlias() {
        assertThat(SourceIdentityResource.tenantAliases(java.util.List.of("a=x", " b = y "))).containsEntry("a", "x").containsEntry("b", "y");
        for (String bad : new String[] {"a", "=x", "a="}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SourceIdentityResource.tenantAliases(java.util.List.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void jsonLdCarriesTheCoreContextAndUnknownParametersAreRefused() {
        given().accept("application/ld+json").get(PATH).then().statusCode(200)
                .contentType(containsString("application/ld+json"))
                .body("'@context'", containsString("ngsi-ld-core-context"));
        given().get(PATH + "?x=1").then().statusCode(400);
    }
}

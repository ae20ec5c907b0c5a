package org.civicbroker.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.create;
import static org.civicbroker.entity.ApiSupport.fixture;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** /version, /q/health and /q/metrics. */
@QuarkusTest
class OpsApiTest {

    @Test
    void versionIsOrionStyleJson() {
        given().when().get("/version").then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("'civic-broker'.version", notNullValue())
                .body("'civic-broker'.api", equalTo("NGSI-LD"))
                .body("'civic-broker'.'ngsi-ld-spec'", equalTo("ETSI GS CIM 009 V1.8.1"))
                .body("'civic-broker'.uptime", matchesPattern("\\d+ d, \\d+ h, \\d+ m, \\d+ s"))
                .body("'civic-broker'.store", startsWith("embedded"))
                .body("'civic-broker'.tenant_header", equalTo("NGSILD-Tenant"));
    }

    @Test
    void healthIsUpWithTheStoreCheck() {
        given().when().get("/q/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("store"))
                .body("checks.find { it.name == 'store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'store' }.data.store", equalTo("embedded"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountEntityChanges() throws Exception {
        create(newTenant(), fixture("building.json", newId("Building")));
        String metrics = "";
        for (int i = 0; i < 100 && !metrics.contains("ngsild_entity_changes_total{"); i++) {
            Thread.sleep(50);
            metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        }
        assertThat(metrics).containsPattern("ngsild_entity_changes_total\\{[^}]*operation=\"CREATE\"[^}]*} [1-9]");
    }
}

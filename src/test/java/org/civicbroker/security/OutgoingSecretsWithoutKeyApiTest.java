package org.civicbroker.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Without {@code CIVIC_OUTGOING_ENCRYPTION_KEY} (the default), a credential given in clear in a subscription's
 * receiverInfo or a registration's contextSourceInfo is refused (400, nothing stored): the broker does not
 * store credentials in clear (docs/security.md, "Outgoing calls"). Other headers are accepted as before.
 */
@QuarkusTest
class OutgoingSecretsWithoutKeyApiTest {

    @Test
    void aCredentialInClearIsRefusedAndNothingIsStored() {
        String tenant = "t-" + UUID.randomUUID();
        String id = "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        String detail = given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body(subscription(id, "Authorization", "Bearer clear-abc"))
                .post("/ngsi-ld/v1/subscriptions").then().statusCode(400).extract().jsonPath().getString("detail");
        assertThat(detail).contains("secret:NAME").contains("CIVIC_OUTGOING_ENCRYPTION_KEY");
        given().header("NGSILD-Tenant", tenant).get("/ngsi-ld/v1/subscriptions/" + id).then().statusCode(404);

        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body("{\"type\": \"ContextSourceRegistration\", \"information\": [{\"entities\": [{\"type\": \"X\"}]}], "
                        + "\"endpoint\": \"http://localhost:1/src\", \"contextSourceInfo\": [{\"key\": \"X-Api-Key\", \"value\": \"k\"}]}")
                .post("/ngsi-ld/v1/csourceRegistrations").then().statusCode(400);

        // a header that carries no credential is stored and shown as given (clause 5.2.15)
        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body(subscription(id, "X-Additional-Key", "Value"))
                .post("/ngsi-ld/v1/subscriptions").then().statusCode(201);
        assertThat(given().header("NGSILD-Tenant", tenant).get("/ngsi-ld/v1/subscriptions/" + id).then().statusCode(200)
                .extract().jsonPath().getString("notification.endpoint.receiverInfo[0].value")).isEqualTo("Value");
    }

    static String subscription(String id, String header, String value) {
        return "{\"id\": \"" + id + "\", \"type\": \"Subscription\", \"entities\": [{\"type\": \"Probe\"}], "
                + "\"notification\": {\"endpoint\": {\"uri\": \"http://localhost:1/notify\", \"receiverInfo\": "
                + "[{\"key\": \"" + header + "\", \"value\": \"" + value + "\"}]}}}";
    }
}

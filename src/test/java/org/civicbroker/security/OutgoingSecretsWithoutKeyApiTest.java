package org.civicbroker.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Without {@code CIVIC_OUTGOING_ENCRYPTION_KEY} and with security off (the defaults), a credential given in clear in
 * a subscription's receiverInfo or a registration's contextSourceInfo is kept as given, as a standard client
 * expects, but never shown back; with security on it is refused ({@code SecretsTest}; docs/security.md,
 * "Outgoing calls"). Other headers are stored and shown as given.
 */
@QuarkusTest
class OutgoingSecretsWithoutKeyApiTest {

    @Test
    void aCredentialInClearIsKeptButNeverShownBack() {
        String tenant = "t-" + UUID.randomUUID();
        String id = "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body(subscription(id, "Authorization", "Bearer clear-abc"))
                .post("/ngsi-ld/v1/subscriptions").then().statusCode(201);
        String read = given().header("NGSILD-Tenant", tenant).get("/ngsi-ld/v1/subscriptions/" + id).then().statusCode(200)
                .extract().asString();
        assertThat(read).doesNotContain("clear-abc").contains("********");
        // the masked value written back is refused, so a read-modify-write cannot replace the credential by the mask
        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body("{\"notification\": {\"endpoint\": {\"uri\": \"http://localhost:1/notify\", \"receiverInfo\": "
                        + "[{\"key\": \"Authorization\", \"value\": \"********\"}]}}}")
                .patch("/ngsi-ld/v1/subscriptions/" + id).then().statusCode(400);

        String reg = given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body("{\"type\": \"ContextSourceRegistration\", \"information\": [{\"entities\": [{\"type\": \"X\"}]}], "
                        + "\"endpoint\": \"http://localhost:1/src\", \"contextSourceInfo\": [{\"key\": \"X-Api-Key\", \"value\": \"k-123\"}]}")
                .post("/ngsi-ld/v1/csourceRegistrations").then().statusCode(201).extract().header("Location");
        assertThat(given().header("NGSILD-Tenant", tenant).get(reg).then().statusCode(200).extract().asString())
                .doesNotContain("k-123").contains("********");

        // a header that carries no credential is stored and shown as given (clause 5.2.15)
        String other = "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body(subscription(other, "X-Additional-Key", "Value"))
                .post("/ngsi-ld/v1/subscriptions").then().statusCode(201);
        assertThat(given().header("NGSILD-Tenant", tenant).get("/ngsi-ld/v1/subscriptions/" + other).then().statusCode(200)
                .extract().jsonPath().getString("notification.endpoint.receiverInfo[0].value")).isEqualTo("Value");
    }

    static String subscription(String id, String header, String value) {
        return "{\"id\": \"" + id + "\", \"type\": \"Subscription\", \"entities\": [{\"type\": \"Probe\"}], "
                + "\"notification\": {\"endpoint\": {\"uri\": \"http://localhost:1/notify\", \"receiverInfo\": "
                + "[{\"key\": \"" + header + "\", \"value\": \"" + value + "\"}]}}}";
    }
}

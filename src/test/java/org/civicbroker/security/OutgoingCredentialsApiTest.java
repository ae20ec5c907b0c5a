package org.civicbroker.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Credentials for outgoing calls (docs/security.md, "Outgoing calls"): a notification to a destination with
 * a static bearer token carries it; one to a destination with OAuth 2 client credentials carries the access
 * token the broker obtained from the token endpoint; others carry none. The receiver and the token endpoint
 * are {@link TestIdentityProvider}'s; runs in the {@link SecuredMode} application, whose profile configures
 * the two credentials.
 */
@QuarkusTest
@TestProfile(SecuredMode.Profile.class)
@ExtendWith(SecuredMode.class)
class OutgoingCredentialsApiTest {

    @Test
    void notificationsCarryTheDestinationsCredential() throws Exception {
        int port = URI.create(TestIdentityProvider.issuer()).getPort();
        String staticBearer = notifyAndReceive("http://localhost:" + port + TestIdentityProvider.RECEIVER);
        assertThat(staticBearer).isEqualTo("Bearer " + TestIdentityProvider.STATIC_TOKEN);
        String clientCredentials = notifyAndReceive("http://127.0.0.1:" + port + TestIdentityProvider.RECEIVER);
        assertThat(clientCredentials).isEqualTo("Bearer " + TestIdentityProvider.ISSUED_TOKEN);
    }

    /** Subscribes a new type to the endpoint, creates an entity of it, answers the Authorization header received. */
    static String notifyAndReceive(String endpoint) throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String type = "Probe" + UUID.randomUUID().toString().replace("-", "");
        String marker = UUID.randomUUID().toString();
        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"" + type + "\"}], \"notification\": "
                        + "{\"endpoint\": {\"uri\": \"" + endpoint + "?m=" + marker + "\", \"accept\": \"application/json\"}}}")
                .post("/ngsi-ld/v1/subscriptions").then().statusCode(201);
        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body("{\"id\": \"urn:ngsi-ld:" + type + ":1\", \"type\": \"" + type + "\", \"n\": {\"type\": \"Property\", \"value\": 1}}")
                .post("/ngsi-ld/v1/entities").then().statusCode(201);
        HttpClient http = HttpClient.newHttpClient();
        URI received = URI.create(TestIdentityProvider.issuer() + TestIdentityProvider.RECEIVED.substring(TestIdentityProvider.REALM_PATH.length())
                + "?m=" + marker);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(received).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return r.body();
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no notification reached " + endpoint);
    }
}

package org.civicbroker.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.civicbroker.subscription.SubscriptionRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-subscription and per-registration credentials (docs/security.md, "Outgoing calls"): the headers of a
 * subscription's {@code receiverInfo} (GS CIM 009 clause 5.2.15) and a registration's {@code contextSourceInfo}
 * (clause 5.2.9) reach the receiver, with a credential given in clear stored encrypted and shown masked, and a
 * {@code secret:NAME} reference read from the broker's settings when the header is sent; a @context server
 * gets the user name and password configured for its host. A local receiver checks the headers that arrive.
 * Runs in the {@link SecuredMode} application, whose profile sets the encryption key, the secret and the login.
 */
@QuarkusTest
@TestProfile(SecuredMode.Profile.class)
@ExtendWith(SecuredMode.class)
class OutgoingSecretsApiTest {

    static final String ENCRYPTION_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final String SECRET_NAME = "receiver-token";
    static final String SECRET_VALUE = "from-the-operators-secret-store";
    /** Another loopback address, so that its credential applies to no other test's receiver. */
    static final String CONTEXT_HOST = "127.0.0.2";
    static final String CONTEXT_USER = "broker";
    static final String CONTEXT_PASSWORD = "context-server-password";

    static HttpServer receiver;
    /** Headers (names lower case) of the requests received, by the first segment of their path. */
    static final Map<String, Map<String, String>> received = new ConcurrentHashMap<>();

    @Inject
    SubscriptionRegistry subscriptions;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        receiver.createContext("/", OutgoingSecretsApiTest::handle);
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    private static void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String first = path.substring(1).split("/")[0];
        Map<String, String> h = new ConcurrentHashMap<>();
        x.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
        received.put(first, h);
        byte[] body;
        int status = 200;
        String type = "application/json";
        if (first.equals("ctx")) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((CONTEXT_USER + ":" + CONTEXT_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            status = expected.equals(h.get("authorization")) ? 200 : 401;
            type = "application/ld+json";
            body = "{\"@context\": {\"flow\": \"https://example.org/secured#flow\"}}".getBytes(StandardCharsets.UTF_8);
        } else {
            body = (path.contains("/entities") ? "[]" : "").getBytes(StandardCharsets.UTF_8);
        }
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    static String base(String host) {
        return "http://" + host + ":" + receiver.getAddress().getPort();
    }

    static Map<String, String> awaitRequest(String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> h = received.get(key);
            if (h != null) {
                return h;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("nothing received at /" + key);
    }

    @Test
    void receiverInfoCredentialsAreSentButNeverStoredInClearNorShown() {
        String tenant = "t-" + UUID.randomUUID();
        String type = "Probe" + UUID.randomUUID().toString().replace("-", "");
        String key = "n-" + UUID.randomUUID();
        String id = "urn:ngsi-ld:Subscription:" + key;
        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body("{\"id\": \"" + id + "\", \"type\": \"Subscription\", \"entities\": [{\"type\": \"" + type + "\"}], "
                        + "\"notification\": {\"endpoint\": {\"uri\": \"" + base("localhost") + "/" + key + "\", "
                        + "\"accept\": \"application/json\", \"receiverInfo\": ["
                        + "{\"key\": \"Authorization\", \"value\": \"Bearer clear-abc\"}, "
                        + "{\"key\": \"X-Api-Key\", \"value\": \"secret:" + SECRET_NAME + "\"}, "
                        + "{\"key\": \"X-Plain\", \"value\": \"hello\"}]}}}")
                .post("/ngsi-ld/v1/subscriptions").then().statusCode(201);

        // stored: the clear credential encrypted, the reference as a reference
        String stored = subscriptions.get(tenant, id).source().toString();
        assertThat(stored).doesNotContain("clear-abc").doesNotContain(SECRET_VALUE).contains("enc:v1:")
                .contains("secret:" + SECRET_NAME);
        // shown: masked
        JsonPath shown = given().header("NGSILD-Tenant", tenant).get("/ngsi-ld/v1/subscriptions/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(shown.getList("notification.endpoint.receiverInfo.value"))
                .containsExactly("********", "secret:" + SECRET_NAME, "hello");

        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body("{\"id\": \"urn:ngsi-ld:" + type + ":1\", \"type\": \"" + type + "\", \"n\": {\"type\": \"Property\", \"value\": 1}}")
                .post("/ngsi-ld/v1/entities").then().statusCode(201);
        Map<String, String> h = awaitRequest(key);
        assertThat(h).containsEntry("authorization", "Bearer clear-abc").containsEntry("x-api-key", SECRET_VALUE)
                .containsEntry("x-plain", "hello");

        // a read's masked value cannot be written back, nor a reference to a secret the broker lacks
        for (String value : List.of("********", "secret:no-such-secret", "enc:v1:AAAA")) {
            given().header("NGSILD-Tenant", tenant).contentType("application/json")
                    .body("{\"notification\": {\"endpoint\": {\"uri\": \"" + base("localhost") + "/" + key + "\", "
                            + "\"receiverInfo\": [{\"key\": \"Authorization\", \"value\": \"" + value + "\"}]}}}")
                    .patch("/ngsi-ld/v1/subscriptions/" + id).then().statusCode(400);
        }
        assertThat(subscriptions.get(tenant, id).source().toString()).contains("secret:" + SECRET_NAME);
    }

    @Test
    void contextSourceInfoCredentialsReachTheSourceAndAreMasked() {
        String tenant = "t-" + UUID.randomUUID();
        String type = "Remote" + UUID.randomUUID().toString().replace("-", "");
        String key = "s-" + UUID.randomUUID();
        String id = "urn:ngsi-ld:ContextSourceRegistration:" + key;
        given().header("NGSILD-Tenant", tenant).contentType("application/json")
                .body("{\"id\": \"" + id + "\", \"type\": \"ContextSourceRegistration\", "
                        + "\"information\": [{\"entities\": [{\"type\": \"" + type + "\"}]}], "
                        + "\"endpoint\": \"" + base("localhost") + "/" + key + "\", \"mode\": \"inclusive\", "
                        + "\"contextSourceInfo\": [{\"key\": \"X-Auth-Token\", \"value\": \"source-token-1\"}, "
                        + "{\"key\": \"X-Api-Key\", \"value\": \"secret:" + SECRET_NAME + "\"}]}")
                .post("/ngsi-ld/v1/csourceRegistrations").then().statusCode(201);
        assertThat(given().header("NGSILD-Tenant", tenant).get("/ngsi-ld/v1/csourceRegistrations/" + id).then()
                .statusCode(200).extract().jsonPath().getList("contextSourceInfo.value"))
                .containsExactly("********", "secret:" + SECRET_NAME);

        given().header("NGSILD-Tenant", tenant).get("/ngsi-ld/v1/entities?type=" + type).then().statusCode(200);
        Map<String, String> h = awaitRequest(key);
        assertThat(h).containsEntry("x-auth-token", "source-token-1").containsEntry("x-api-key", SECRET_VALUE);
        // the caller's own token is not forwarded
        assertThat(h.getOrDefault("authorization", "")).doesNotContain(".");
    }

    @Test
    void aContextServerGetsTheLoginConfiguredForItsHost() {
        String tenant = "t-" + UUID.randomUUID();
        String link = "<" + base(CONTEXT_HOST) + "/ctx/" + UUID.randomUUID() + ".jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; "
                + "type=\"application/ld+json\"";
        given().header("NGSILD-Tenant", tenant).header("Link", link).contentType("application/json")
                .body("{\"id\": \"urn:ngsi-ld:Pipe:1\", \"type\": \"Pipe\", \"flow\": {\"type\": \"Property\", \"value\": 3}}")
                .post("/ngsi-ld/v1/entities").then().statusCode(201);
        assertThat(given().header("NGSILD-Tenant", tenant).get("/ngsi-ld/v1/entities/urn:ngsi-ld:Pipe:1").then()
                .statusCode(200).extract().body().asString()).contains("https://example.org/secured#flow");
    }
}

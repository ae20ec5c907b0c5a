package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.subscription.SubscriptionFixtures.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.civicbroker.entity.ApiSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTPS notifications (clause 5.11, HTTP binding) to in-process Vert.x HTTPS receivers, with the broker
 * trusting the test CA ({@code civic.notification.tls.trust-store}): a receiver whose certificate the CA
 * signed for 127.0.0.1 gets the notification; one with a self-signed certificate, and one whose CA-signed
 * certificate names another host (host name verification is on by default), get nothing, and their
 * subscriptions are retried and report {@code notification.status: failed}.
 */
@QuarkusTest
@TestProfile(TlsFixtures.TrustTestCa.class)
class HttpsNotificationApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Vertx vertx;
    private static HttpServer trusted;
    private static HttpServer untrusted;
    private static HttpServer wrongHost;
    private static final List<String[]> received = new ArrayList<>();

    @BeforeAll
    static void startReceivers() throws Exception {
        vertx = Vertx.vertx();
        trusted = receiver("server.p12", "trusted");
        untrusted = receiver("untrusted.p12", "untrusted");
        wrongHost = receiver("wronghost.p12", "wronghost");
    }

    private static HttpServer receiver(String keystore, String name) throws Exception {
        HttpServerOptions o = new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
                .setKeyCertOptions(new PfxOptions().setPath(TlsFixtures.file(keystore).toString()).setPassword(TlsFixtures.PASSWORD));
        return vertx.createHttpServer(o).requestHandler(req -> req.body().onSuccess(body -> {
            synchronized (received) {
                received.add(new String[] {name, req.path(), req.getHeader("Link"), body.toString()});
            }
            req.response().setStatusCode(204).end();
        })).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopReceivers() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String url(HttpServer server, String path) {
        return "https://127.0.0.1:" + server.actualPort() + path;
    }

    private static List<String[]> at(String name, String path) {
        synchronized (received) {
            return received.stream().filter(r -> r[0].equals(name) && r[1].equals(path)).toList();
        }
    }

    static void subscribe(String tenant, String subId, String id, String uri, String endpointExtra) {
        in(tenant).contentType(JSON).body(fixture("tls-subscription.json", "subId", subId, "id", id, "uri", uri,
                "endpointExtra", endpointExtra)).when().post(NotificationDeliveryApiTest.SUBS).then().statusCode(201);
    }

    /** Waits (at most 20 s) until the subscription reports a failed delivery retried at least twice. */
    static JsonPath awaitFailed(String tenant, String subId) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        JsonPath sub;
        do {
            Thread.sleep(100);
            sub = in(tenant).accept(JSON).when().get(NotificationDeliveryApiTest.SUBS + "/" + NotificationDeliveryApiTest.encode(subId))
                    .then().statusCode(200).extract().jsonPath();
        } while ((sub.getInt("notification.timesFailed") < 2) && Instant.now().isBefore(end));
        return sub;
    }

    static void delete(String tenant, String subId) {
        in(tenant).when().delete(NotificationDeliveryApiTest.SUBS + "/" + NotificationDeliveryApiTest.encode(subId))
                .then().statusCode(204);
    }

    @Test
    void trustedReceiverGetsTheNotificationUntrustedAndWrongHostFail() throws Exception {
        String tenant = newTenant();
        String id = newId("Vehicle");
        String path = "/" + UUID.randomUUID();
        String ok = "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        String selfSigned = "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        String otherHost = "urn:ngsi-ld:Subscription:" + UUID.randomUUID();
        subscribe(tenant, ok, id, url(trusted, path), "");
        subscribe(tenant, selfSigned, id, url(untrusted, path), "");
        subscribe(tenant, otherHost, id, url(wrongHost, path), "");
        ApiSupport.create(tenant, fixture("vehicle.json", "id", id, "speed", "42"));

        Instant end = Instant.now().plusSeconds(20);
        while (at("trusted", path).isEmpty() && Instant.now().isBefore(end)) {
            Thread.sleep(20);
        }
        assertThat(at("trusted", path)).as("trusted receiver").hasSize(1);
        JsonNode n = MAPPER.readTree(at("trusted", path).get(0)[3]);
        assertThat(n.get("type").asText()).isEqualTo("Notification");
        assertThat(n.get("data").get(0).get("speed").asInt()).isEqualTo(42);

        for (String failing : List.of(selfSigned, otherHost)) {
            JsonPath sub = awaitFailed(tenant, failing);
            assertThat(sub.getString("notification.status")).as(failing).isEqualTo("failed");
            assertThat(sub.getInt("notification.timesFailed")).as("retried").isGreaterThanOrEqualTo(2);
            assertThat(sub.getString("notification.lastFailure")).isNotNull();
            assertThat(sub.getString("notification.lastSuccess")).isNull();
        }
        assertThat(at("untrusted", path)).as("self-signed receiver").isEmpty();
        assertThat(at("wronghost", path)).as("receiver certified for another host").isEmpty();
        JsonPath good = in(tenant).accept(JSON).when().get(NotificationDeliveryApiTest.SUBS + "/"
                + NotificationDeliveryApiTest.encode(ok)).then().statusCode(200).extract().jsonPath();
        assertThat(good.getString("notification.status")).isEqualTo("ok");
        assertThat(good.getInt("notification.timesSent")).isEqualTo(1);
        // stop the retries of the failing ones
        delete(tenant, selfSigned);
        delete(tenant, otherHost);
    }
}

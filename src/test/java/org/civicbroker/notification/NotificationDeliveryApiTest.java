package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.entity.ApiSupport.JSON;
import static org.civicbroker.entity.ApiSupport.in;
import static org.civicbroker.entity.ApiSupport.newId;
import static org.civicbroker.entity.ApiSupport.newTenant;
import static org.civicbroker.subscription.SubscriptionFixtures.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.civicbroker.entity.ApiSupport;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end (clause 5.11): a write is matched, stored in the outbox and POSTed to a local
 * receiver in the subscription's format; showChanges, throttling, periodic, expiry, an endpoint that is
 * down for a while, and pending notifications recovered from the outbox as at a restart.
 */
@QuarkusTest
class NotificationDeliveryApiTest {

    static final String SUBS = "/ngsi-ld/v1/subscriptions";

    @Inject
    Dispatcher dispatcher;

    @Inject
    Outbox outbox;

    static void subscribe(String tenant, String body) {
        in(tenant).contentType(JSON).body(body).when().post(SUBS).then().statusCode(201);
    }

    static String onChange(String id, String uri, String format, String accept, String extra) {
        return fixture("on-change.json", "id", id, "uri", uri, "format", format, "accept", accept,
                "extra", extra.isEmpty() ? "" : extra + ",");
    }

    static void vehicle(String tenant, String id, int speed) {
        ApiSupport.create(tenant, fixture("vehicle.json", "id", id, "speed", String.valueOf(speed)));
    }

    static void speed(String tenant, String id, int speed) {
        in(tenant).contentType(JSON).body("{\"speed\": {\"type\": \"Property\", \"value\": " + speed + "}}")
                .when().patch(ApiSupport.path(id) + "/attrs").then().statusCode(204);
    }

    @Test
    void keyValuesWithQProjectionReceiverInfoAndLink() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            subscribe(tenant, fixture("vehicle-speed.json", "uri", r.url()));
            String slow = newId("Vehicle");
            String fast = newId("Vehicle");
            vehicle(tenant, slow, 10);  // q speed>50 does not hold
            vehicle(tenant, fast, 80);
            List<Receiver.Received> got = r.await(1);
            assertThat(got).hasSize(1);
            JsonNode n = got.get(0).body();
            assertThat(n.get("type").asText()).isEqualTo("Notification");
            assertThat(n.get("id").asText()).startsWith("urn:ngsi-ld:Notification:");
            assertThat(n.get("subscriptionId").asText()).startsWith("urn:ngsi-ld:Subscription:");
            assertThat(n.get("notifiedAt").asText()).isNotEmpty();
            assertThat(n.get("data")).hasSize(1);
            JsonNode e = n.get("data").get(0);
            assertThat(e.get("id").asText()).isEqualTo(fast);
            assertThat(e.get("speed").asInt()).isEqualTo(80);
            assertThat(e.has("colour")).as("notification.attributes projects").isFalse();
            assertThat(got.get(0).header("X-Borough")).isEqualTo("Camden");
            assertThat(got.get(0).header("NGSILD-Tenant")).isEqualTo(tenant);
            assertThat(got.get(0).header("Content-Type")).startsWith("application/json");
            assertThat(got.get(0).header("Link")).contains("ngsi-ld-core-context");
        }
    }

    @Test
    void normalizedWithShowChangesLdJsonAndGeoJson() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            String id = newId("Vehicle");
            subscribe(tenant, onChange(id, r.url("/norm"), "normalized", "application/json", "\"notification2\": 1")
                    .replace("\"notification2\": 1,", "").replace("\"format\": \"normalized\",", "\"format\": \"normalized\", \"showChanges\": true,"));
            subscribe(tenant, onChange(id, r.url("/ld"), "concise", "application/ld+json", ""));
            subscribe(tenant, onChange(id, r.url("/geo"), "keyValues", "application/geo+json", ""));
            vehicle(tenant, id, 10);
            speed(tenant, id, 20);
            List<Receiver.Received> norm = r.await("/norm", 2);
            JsonNode updated = norm.get(1).body().get("data").get(0).get("speed");
            assertThat(updated.get("type").asText()).isEqualTo("Property");
            assertThat(updated.get("value").asInt()).isEqualTo(20);
            assertThat(updated.get("previousValue").asInt()).isEqualTo(10);
            assertThat(norm.get(0).body().get("data").get(0).get("speed").has("previousValue")).isFalse();
            List<Receiver.Received> ld = r.await("/ld", 2);
            assertThat(ld.get(0).header("Content-Type")).startsWith("application/ld+json");
            assertThat(ld.get(0).body().has("@context")).isTrue();
            assertThat(ld.get(0).header("Link")).isNull();
            List<Receiver.Received> geo = r.await("/geo", 2);
            assertThat(geo.get(0).body().get("data").get("type").asText()).isEqualTo("FeatureCollection");
        }
    }

    @Test
    void throttlingSendsOnePerPeriod() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            String id = newId("Vehicle");
            subscribe(tenant, onChange(id, r.url("/throttled"), "keyValues", "application/json", "\"throttling\": 3600"));
            subscribe(tenant, onChange(id, r.url("/all"), "keyValues", "application/json", ""));
            vehicle(tenant, id, 1);
            for (int i = 2; i <= 4; i++) {
                speed(tenant, id, i);
            }
            assertThat(r.await("/all", 4)).hasSize(4);
            // both subscriptions see the changes in the same journal batches, so /throttled had its chance
            dispatcherIdle(tenant);
            assertThat(r.at("/throttled")).hasSize(1);
            assertThat(r.at("/throttled").get(0).body().get("data").get(0).get("speed").asInt()).isEqualTo(1);
        }
    }

    @Test
    void periodicSubscriptionNotifiesTheCurrentState() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            String id = newId("Vehicle");
            vehicle(tenant, id, 33);
            subscribe(tenant, fixture("on-change.json", "id", id, "uri", r.url("/periodic"), "format", "keyValues",
                    "accept", "application/json", "extra", "\"timeInterval\": 1,"));
            List<Receiver.Received> got = r.await("/periodic", 2);
            assertThat(got).hasSizeGreaterThanOrEqualTo(2);
            assertThat(got.get(1).body().get("data").get(0).get("speed").asInt()).isEqualTo(33);
            String sub = in(tenant).accept(JSON).when().get(SUBS).then().extract().path("[0].id");
            in(tenant).when().delete(SUBS + "/" + encode(sub)).then().statusCode(204);
        }
    }

    @Test
    void expiredSubscriptionStopsNotifying() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            String id = newId("Vehicle");
            String expires = Instant.now().plusSeconds(2).toString();
            subscribe(tenant, onChange(id, r.url("/expiring"), "keyValues", "application/json", "\"expiresAt\": \"" + expires + "\""));
            subscribe(tenant, onChange(id, r.url("/all"), "keyValues", "application/json", ""));
            vehicle(tenant, id, 1);
            assertThat(r.await("/expiring", 1)).hasSize(1);
            while (Instant.now().isBefore(Instant.parse(expires).plusMillis(200))) {
                Thread.sleep(50);
            }
            speed(tenant, id, 2);
            assertThat(r.await("/all", 2)).hasSize(2);
            dispatcherIdle(tenant);
            assertThat(r.at("/expiring")).hasSize(1);
            in(tenant).accept(JSON).when().get(SUBS).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.hasItem("expired"));
        }
    }

    @Test
    void endpointDownForAWhileGetsEveryNotificationOnceInOrder() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            String id = newId("Vehicle");
            subscribe(tenant, onChange(id, r.url("/flaky"), "keyValues", "application/json", ""));
            r.down(true);
            vehicle(tenant, id, 0);
            for (int i = 1; i < 10; i++) {
                speed(tenant, id, i);
            }
            while (r.refused.get() < 3) {
                Thread.sleep(20);
            }
            in(tenant).accept(JSON).when().get(SUBS).then().statusCode(200)
                    .body("[0].notification.status", org.hamcrest.Matchers.equalTo("failed"));
            r.down(false);
            List<Receiver.Received> got = r.await("/flaky", 10);
            dispatcherIdle(tenant);
            got = r.at("/flaky");
            assertThat(got.stream().map(x -> x.body().get("data").get(0).get("speed").asInt()).toList())
                    .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            in(tenant).accept(JSON).when().get(SUBS).then().statusCode(200)
                    .body("[0].notification.timesSent", org.hamcrest.Matchers.equalTo(10))
                    .body("[0].notification.status", org.hamcrest.Matchers.equalTo("ok"));
        }
    }

    @Test
    void entityDeletedNotifiesIdTypeAndDeletedAt() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            String id = newId("Vehicle");
            subscribe(tenant, onChange(id, r.url("/deleted"), "normalized", "application/json",
                    "\"notificationTrigger\": [\"entityDeleted\"]"));
            vehicle(tenant, id, 1);
            in(tenant).when().delete(ApiSupport.path(id)).then().statusCode(204);
            JsonNode e = r.await("/deleted", 1).get(0).body().get("data").get(0);
            assertThat(e.get("id").asText()).isEqualTo(id);
            assertThat(e.get("type").asText()).isEqualTo("Vehicle");
            assertThat(e.has("deletedAt")).isTrue();
        }
    }

    @Test
    void pendingNotificationsInTheOutboxAreDeliveredAtStartUp() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            String id = newId("Vehicle");
            subscribe(tenant, onChange(id, r.url("/restart"), "keyValues", "application/json", ""));
            String subId = in(tenant).accept(JSON).when().get(SUBS).then().extract().path("[0].id");
            // what a broker that stopped before delivering leaves in the outbox
            List<Pending> left = List.of(
                    new Pending(tenant + "|" + subId + "|c1", tenant, subId, 1, Instant.now(), "application/json", Map.of(),
                            "{\"type\":\"Notification\",\"n\":1}"),
                    new Pending(tenant + "|" + subId + "|c2", tenant, subId, 2, Instant.now().plusMillis(1), "application/json",
                            Map.of(), "{\"type\":\"Notification\",\"n\":2}"));
            assertThat(outbox.insert(left).await().indefinitely()).hasSize(2);
            assertThat(outbox.insert(left).await().indefinitely()).as("replayed: not inserted twice").isEmpty();
            assertThat(dispatcher.recover()).isEqualTo(2);
            List<Receiver.Received> got = r.await("/restart", 2);
            assertThat(got.stream().map(x -> x.body().get("n").asInt()).toList()).containsExactly(1, 2);
        }
    }

    /**
     * Issue 19: an outbox holding more notifications of one subscription than a lane holds in memory, as a
     * receiver down for a night leaves it, is recovered by id and read back as the lane reaches them:
     * every notification arrives once and in order, and the queued ones are never all held.
     */
    @Test
    void aRecoveryOfMoreThanALaneHoldsIsReadBackInOrder() throws Exception {
        try (Receiver r = new Receiver()) {
            String tenant = newTenant();
            String id = newId("Vehicle");
            subscribe(tenant, onChange(id, r.url("/backlog"), "keyValues", "application/json", ""));
            String subId = in(tenant).accept(JSON).when().get(SUBS).then().extract().path("[0].id");
            int total = Lane.HELD + 44;
            r.down(true);  // the first one is refused and retried: the lane holds it while the rest wait as ids
            Instant t = Instant.now();
            List<Pending> left = new java.util.ArrayList<>();
            for (int n = 1; n <= total; n++) {
                left.add(new Pending(tenant + "|" + subId + "|c" + n, tenant, subId, n, t.plusMillis(n), "application/json",
                        Map.of(), "{\"type\":\"Notification\",\"n\":" + n + "}"));
            }
            assertThat(outbox.insert(left).await().indefinitely()).hasSize(total);
            assertThat(dispatcher.recover()).isEqualTo(total);
            assertThat(dispatcher.queued(tenant)).isEqualTo(total);
            Instant end = Instant.now().plusSeconds(30);
            while (r.refused.get() == 0 && Instant.now().isBefore(end)) {
                Thread.sleep(20);
            }
            assertThat(dispatcher.held(tenant)).as("held with their body").isLessThanOrEqualTo(Lane.HELD);
            String metrics = io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("ngsild_notifications_queued(\\{[^}]*})? [0-9]")
                    .containsPattern("ngsild_notifications_held(\\{[^}]*})? [0-9]");
            r.down(false);
            List<Receiver.Received> got = r.await("/backlog", total);
            dispatcherIdle(tenant);
            assertThat(r.at("/backlog").stream().map(x -> x.body().get("n").asInt()).toList())
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, total).boxed().toList());
            assertThat(got).hasSize(total);
        }
    }

    /** Waits until nothing is queued for delivery (the test's notifications were all handled). */
    private void dispatcherIdle(String tenant) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(20);
        while (dispatcher.queued(tenant) > 0 && Instant.now().isBefore(end)) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

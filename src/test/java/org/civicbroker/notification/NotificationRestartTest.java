package org.civicbroker.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.AttributeType;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EmbeddedStore;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.query.geo.BoundingBox;
import org.civicbroker.subscription.SubscriptionFixtures;
import org.junit.jupiter.api.Test;

/**
 * A broker that stopped with work pending (H2 file store): a subscription, two notifications in the
 * outbox not yet delivered and a journaled change the matcher had not handled. Started on that store,
 * the broker delivers the two pending notifications and then the one of the replayed change, in order.
 */
@QuarkusTest
@TestProfile(NotificationRestartTest.LeftOver.class)
class NotificationRestartTest {

    static final String SUB = "urn:ngsi-ld:Subscription:restart";
    static final String NS = "https://uri.etsi.org/ngsi-ld/default-context/";
    /** JVM-wide (the profile and the test may live in different class loaders). */
    static final String PORT_PROPERTY = "civic.test.restart-receiver-port";

    /** Writes what a stopped broker left behind into a fresh H2 store, before the broker starts on it. */
    public static class LeftOver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (System.getProperty(PORT_PROPERTY) == null) {
                    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                        System.setProperty(PORT_PROPERTY, String.valueOf(free.getLocalPort()));
                    }
                }
                String uri = "http://127.0.0.1:" + System.getProperty(PORT_PROPERTY) + "/restart";
                Path dir = Files.createTempDirectory("civic-restart");
                try (EmbeddedStore store = EmbeddedStore.start(dir.toString());
                        MongoClient client = MongoClients.create(store.connectionString())) {
                    seed(client.getDatabase("ngsild"), uri);
                    store.commit();
                }
                return Map.of("civic.store.data-dir", dir.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void seed(MongoDatabase db, String uri) {
        String body = SubscriptionFixtures.fixture("restart-subscription.json", "uri", uri);
        Date now = new Date();
        db.getCollection("subscriptions").insertOne(new Document("_id", SUB).append("body", body).append("context", null)
                .append("createdAt", now).append("modifiedAt", now).append("stats", new Document("timesSent", 0L)));
        for (int n = 1; n <= 2; n++) {
            db.getCollection("notifications").insertOne(new Document("_id", "|" + SUB + "|c" + n).append("tenant", null)
                    .append("subscriptionId", SUB).append("seq", (long) n).append("at", new Date(now.getTime() + n))
                    .append("contentType", "application/json").append("headers", List.of())
                    .append("body", "{\"type\":\"Notification\",\"data\":[{\"n\":" + n + "}]}"));
        }
        EntityDocuments documents = new EntityDocuments(BoundingBox::documentOf);
        Instant t = Instant.now();
        Entity before = vehicle(t, 1);
        Entity after = vehicle(t, 3);
        db.getCollection("changeJournal").insertOne(new Document("_id", 3L).append("tenant", null).append("operation", "UPDATE")
                .append("entityId", before.id()).append("before", documents.toDocument(before))
                .append("after", documents.toDocument(after)).append("at", Date.from(t))
                .append("pending", List.of("subscriptions")));
    }

    static Entity vehicle(Instant t, int n) {
        return new Entity("urn:ngsi-ld:Vehicle:restart", List.of(NS + "Vehicle"), List.of(), t, t,
                Map.of(NS + "n", List.of(Attribute.of(AttributeType.PROPERTY, com.fasterxml.jackson.databind.node.IntNode.valueOf(n))
                        .withTimestamps(t, t.plusMillis(n)))));
    }

    @Test
    void pendingNotificationsAndUnhandledChangesAreDeliveredAfterTheRestart() throws Exception {
        // the receiver comes up after the broker: the first attempts fail and are retried
        try (Receiver receiver = new Receiver(Integer.parseInt(System.getProperty(PORT_PROPERTY)))) {
            List<Receiver.Received> got = receiver.await("/restart", 3);
            assertThat(got.stream().map(r -> r.body().get("data").get(0).get("n").asInt()).toList()).containsExactly(1, 2, 3);
            assertThat(got.get(2).body().get("subscriptionId").asText()).isEqualTo(SUB);
        }
    }
}

package org.civicbroker.notification;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.civicbroker.subscription.Subscription;

/**
 * A notification stored in the outbox before delivery (clause 5.11 "never lost"): rendered once, sent
 * until it succeeds or the retry policy gives up, then deleted.
 *
 * @param id {@code tenant|subscription|seq}: a journal change replayed after a crash maps to the same id
 * @param seq the journal sequence number of the change (ordering), or the time for periodic ones
 * @param headers HTTP headers (MQTT metadata) besides Content-Type
 */
public record Pending(String id, String tenant, String subscriptionId, long seq, Instant at, String contentType,
        Map<String, String> headers, String body) {

    public Pending {
        headers = Map.copyOf(headers);
    }

    public static String idOf(Subscription s, String kind, long seq) {
        return (s.tenant() == null ? "" : s.tenant()) + "|" + s.id() + "|" + kind + seq;
    }

    /** The same notification with other headers (the secrets of receiverInfo revealed just before sending). */
    Pending withHeaders(Map<String, String> other) {
        return other == headers ? this : new Pending(id, tenant, subscriptionId, seq, at, contentType, other, body);
    }

    public String laneKey() {
        return laneKey(tenant, subscriptionId);
    }

    /** The delivery lane of a subscription's notifications. */
    static String laneKey(String tenant, String subscriptionId) {
        return (tenant == null ? "" : tenant) + "|" + subscriptionId;
    }

    Document toDocument() {
        Document h = new Document();
        // header names come from receiverInfo: stored as a list of pairs, never as field names
        java.util.List<Document> pairs = new java.util.ArrayList<>();
        headers.forEach((k, v) -> pairs.add(new Document("k", k).append("v", v)));
        return new Document("_id", id).append("tenant", tenant).append("subscriptionId", subscriptionId)
                .append("seq", seq).append("at", Date.from(at)).append("contentType", contentType)
                .append("headers", pairs).append("body", body);
    }

    static Pending fromDocument(Document d) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Document p : d.getList("headers", Document.class)) {
            headers.put(p.getString("k"), p.getString("v"));
        }
        return new Pending(d.getString("_id"), d.getString("tenant"), d.getString("subscriptionId"),
                d.get("seq", Number.class).longValue(), d.getDate("at").toInstant(), d.getString("contentType"), headers,
                d.getString("body"));
    }
}

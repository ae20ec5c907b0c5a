package org.civicbroker.register;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bson.Document;

/**
 * What one retention run did for one type and rule: when, how many entities (rule {@code currentState})
 * or history instances (rule {@code history}) it deleted, and the cutoff it applied.
 */
public record DisposalRecord(String id, Instant at, String type, String typeIri, String rule, long count, Instant cutoff) {

    public static final String CURRENT_STATE = "currentState";
    public static final String HISTORY = "history";

    static DisposalRecord of(Instant at, DatasetEntry e, String rule, long count, Instant cutoff) {
        return new DisposalRecord(UUID.randomUUID().toString(), at, e.type(), e.typeIri(), rule, count, cutoff);
    }

    Document toDocument() {
        return new Document("_id", id).append("at", Date.from(at)).append("type", type).append("typeIri", typeIri)
                .append("rule", rule).append("count", count).append("cutoff", Date.from(cutoff));
    }

    static DisposalRecord fromDocument(Document d) {
        return new DisposalRecord(d.getString("_id"), d.getDate("at").toInstant(), d.getString("type"), d.getString("typeIri"),
                d.getString("rule"), d.get("count", Number.class).longValue(), d.getDate("cutoff").toInstant());
    }
}

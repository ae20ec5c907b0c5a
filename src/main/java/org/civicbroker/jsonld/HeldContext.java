package org.civicbroker.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.civicbroker.jsonld.ContextCache.Entry;
import org.civicbroker.jsonld.ContextCache.Kind;

/**
 * One document held by {@link ContextCache}, with its usage counters. The parsed forms are kept so
 * that serving a document never re-parses it.
 */
record HeldContext(String url, String localId, Kind kind, boolean bundled, Instant createdAt, JsonNode document,
        JsonValue jakarta, AtomicLong uses, AtomicReference<Instant> lastUsage) {

    static HeldContext of(String url, String localId, Kind kind, boolean bundled, JsonNode document, Instant createdAt) {
        return new HeldContext(url, localId, kind, bundled, createdAt, document, JakartaJson.of(document),
                new AtomicLong(), new AtomicReference<>());
    }

    void used(Instant at) {
        uses.incrementAndGet();
        lastUsage.set(at);
    }

    /** Last use, else creation: what the implicit-document cap evicts by. */
    Instant lastActive() {
        Instant last = lastUsage.get();
        return last != null ? last : createdAt;
    }

    Entry snapshot() {
        return new Entry(url, localId, kind, bundled, createdAt, lastUsage.get(), uses.get(), document.deepCopy());
    }

    // Identity semantics: two holders of equal content are still different entries (remove(key, value)).
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}

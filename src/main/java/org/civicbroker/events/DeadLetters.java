package org.civicbroker.events;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;

/**
 * The dead-letter collection ({@value #COLLECTION} of the default database, issue 19): changes a
 * consumer failed on {@code civic.events.max-attempts} times, set aside so that the changes after
 * them go on. Each document keeps the journaled change, the consumer, the error and the attempts, and
 * stays until an operator retries it ({@link ChangeJournal#retryDeadLetters}). Counted per consumer
 * for {@code /q/metrics} and {@code /q/health}.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String COLLECTION = "deadLetters";

    private final StoreAccess store;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public DeadLetters(StoreAccess store) {
        this.store = store;
    }

    private MongoCollection<Document> collection() {
        return store.brokerDatabase().getCollection(COLLECTION);
    }

    /** The id of a consumer's dead letter: URL-safe, one per consumer and change. */
    static String id(String consumer, long seq) {
        return consumer + "-" + seq;
    }

    /** Loads the counts per consumer (start-up). */
    Uni<Void> load() {
        return all().invoke(docs -> {
            counts.clear();
            docs.forEach(d -> counter(d.getString("consumer")).incrementAndGet());
        }).replaceWithVoid();
    }

    private AtomicLong counter(String consumer) {
        return counts.computeIfAbsent(consumer, k -> new AtomicLong());
    }

    /** Dead letters per consumer (a consumer with none may be absent). */
    public Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long count(String consumer) {
        return counter(consumer).get();
    }

    /** Keeps {@code change} (a journal document) as set aside by {@code consumer}; durable when it completes. */
    Uni<Void> put(String consumer, long seq, Document change, Throwable error, int attempts, Date at) {
        Document d = new Document("_id", id(consumer, seq)).append("consumer", consumer).append("seq", seq)
                .append("change", change).append("error", describe(error)).append("attempts", attempts).append("setAsideAt", at);
        return Rx.uni(collection().replaceOne(Filters.eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true)))
                .call(store::afterWrite)
                .invoke(r -> {
                    if (r.getUpsertedId() != null) {
                        counter(consumer).incrementAndGet();
                    }
                })
                .replaceWithVoid();
    }

    /** Every dead letter, oldest change first. */
    public Uni<List<Document>> all() {
        return Rx.multi(collection().find().sort(Sorts.ascending("seq"))).collect().asList();
    }

    Uni<Document> get(String id) {
        return Rx.uni(collection().find(Filters.eq("_id", id)).first());
    }

    Uni<Void> delete(Document d) {
        return Rx.uni(collection().deleteOne(Filters.eq("_id", d.get("_id"))))
                .invoke(r -> {
                    if (r.getDeletedCount() > 0) {
                        counter(d.getString("consumer")).decrementAndGet();
                    }
                })
                .call(store::afterWrite)
                .replaceWithVoid();
    }

    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            s.append(s.length() == 0 ? "" : "; caused by ").append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return s.toString();
    }
}

package org.civicbroker.notification;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.civicbroker.events.ChangeJournal;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;

/**
 * The durable outbox of pending notifications: collection {@value #COLLECTION} of the default database.
 * A notification is inserted (and committed) before the change that caused it is marked handled in the
 * change journal, and deleted after it was delivered or given up, so a restart never loses one.
 */
@ApplicationScoped
public class Outbox {

    public static final String COLLECTION = "notifications";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Outbox.class);

    private final StoreAccess store;
    private final java.util.Queue<String> toDelete = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Ids handed to {@link #deleteLater} whose deletion has not completed yet. */
    private final Set<String> deleting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean flushing = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set at shutdown: no deletion starts any more (see {@link #onShutdown}). */
    private volatile boolean closed;

    public Outbox(StoreAccess store) {
        this.store = store;
    }

    private MongoCollection<Document> collection() {
        return store.brokerDatabase().getCollection(COLLECTION);
    }

    /**
     * Inserts the notifications durably. Completes with those newly inserted: a change replayed by the
     * journal after a crash maps to ids already present, which are not queued a second time.
     */
    public Uni<List<Pending>> insert(List<Pending> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Document> docs = pending.stream().map(Pending::toDocument).toList();
        return Rx.uni(collection().insertMany(docs, new InsertManyOptions().ordered(false)))
                .map(r -> pending)
                .onFailure(MongoBulkWriteException.class).recoverWithUni(e -> {
                    MongoBulkWriteException b = (MongoBulkWriteException) e;
                    Set<Integer> duplicates = new HashSet<>();
                    for (BulkWriteError err : b.getWriteErrors()) {
                        if (err.getCode() != 11000) {
                            return Uni.createFrom().failure(e);
                        }
                        duplicates.add(err.getIndex());
                    }
                    List<Pending> fresh = new ArrayList<>();
                    for (int i = 0; i < pending.size(); i++) {
                        if (!duplicates.contains(i)) {
                            fresh.add(pending.get(i));
                        }
                    }
                    return Uni.createFrom().item(fresh);
                })
                .call(store::afterWrite);
    }

    /**
     * Delivered or given up: deleted in batches (one deleteMany while the previous one runs collects the
     * next batch), so the store sees a few deletes per second instead of one per notification. Each batch
     * is group-committed, but delivery does not wait for it: after a crash, the notifications delivered
     * since the last commit (the batch being deleted, typically a handful) are delivered once more.
     */
    public void deleteLater(String id) {
        deleting.add(id);
        toDelete.add(id);
        flush();
    }

    /** True when the notification was delivered (or given up) and its deletion from the store has not completed. */
    public boolean isDeleting(String id) {
        return deleting.contains(id);
    }

    /** True once the outbox is closed (shutdown): it reads and deletes nothing any more. */
    public boolean closed() {
        return closed;
    }

    /**
     * Ordered shutdown, after the change consumers have stopped: deletes what was delivered and not yet
     * deleted (bounded: a few seconds), then starts no deletion any more, so nothing reaches the store after
     * it is closed. A notification delivered from here on is delivered once more after the restart.
     */
    void onShutdown(@Observes @Priority(ChangeJournal.SHUTDOWN_PRIORITY + 10) ShutdownEvent ev) {
        closed = true;
        List<String> rest = new ArrayList<>();
        String id;
        while ((id = toDelete.poll()) != null) {
            rest.add(id);
        }
        if (rest.isEmpty()) {
            return;
        }
        try {
            Rx.uni(collection().deleteMany(Filters.in("_id", rest))).call(store::afterWrite).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.infof("Outbox: %d delivered notification(s) not deleted at shutdown (%s); they are delivered again after the restart",
                    rest.size(), e.getMessage());
        }
    }

    private void flush() {
        if (closed || !flushing.compareAndSet(false, true)) {
            return;
        }
        List<String> batch = new ArrayList<>();
        String id;
        while (batch.size() < 1000 && (id = toDelete.poll()) != null) {
            batch.add(id);
        }
        if (batch.isEmpty()) {
            flushing.set(false);
            if (!toDelete.isEmpty()) {
                flush();
            }
            return;
        }
        // committed (group commit): after a crash, only notifications delivered since the last commit come again
        Rx.uni(collection().deleteMany(Filters.in("_id", batch))).call(store::afterWrite).subscribe().with(ok -> {
            batch.forEach(deleting::remove);
            flushing.set(false);
            flush();
        }, e -> {
            LOG.warnf("Outbox: %d delivered notification(s) not deleted (%s); retrying", batch.size(), e.getMessage());
            toDelete.addAll(batch);
            flushing.set(false);
        });
    }

    private static final java.util.Comparator<Document> DELIVERY_ORDER = java.util.Comparator
            .<Document, java.util.Date>comparing(d -> d.getDate("at"))
            .thenComparingLong(d -> d.get("seq", Number.class).longValue());

    /** A stored notification's id, lane ({@link Pending#laneKey}) and journal sequence number. */
    public record Key(String id, String laneKey, long seq) {
    }

    /**
     * The keys of every pending notification in delivery order (time, then journal sequence). Reads only the
     * order keys (id, tenant, subscription, time, sequence), not the notifications: the dispatcher's lanes
     * read those by id ({@link #load}) as they reach them (issue 19: an outbox grown large while a receiver
     * was down was read whole into the heap at start-up).
     */
    public Uni<List<Key>> keys() {
        Document fields = new Document("_id", 1).append("tenant", 1).append("subscriptionId", 1).append("at", 1).append("seq", 1);
        return Rx.multi(collection().find().projection(fields).batchSize(10_000))
                .collect().asList()
                .map(docs -> {
                    List<Document> sorted = new ArrayList<>(docs);
                    sorted.sort(DELIVERY_ORDER);
                    return sorted.stream().map(d -> new Key(d.getString("_id"),
                            Pending.laneKey(d.getString("tenant"), d.getString("subscriptionId")), d.get("seq", Number.class).longValue()))
                            .toList();
                });
    }

    /**
     * The stored notifications with these ids, in any order (those no longer stored are left out). By
     * {@code _id} only: the embedded store answers that from its index (a filter on any other field scans
     * the collection). Fails once the outbox is closed (shutdown), so nothing reads the store after it.
     */
    public Uni<List<Pending>> load(List<String> ids) {
        if (closed) {
            return Uni.createFrom().failure(new IllegalStateException("The outbox is closed (shutdown)"));
        }
        return Rx.multi(collection().find(Filters.in("_id", ids)).batchSize(ids.size()))
                .map(Pending::fromDocument)
                .collect().asList();
    }

    public Uni<Long> count() {
        return Rx.uni(collection().countDocuments());
    }
}

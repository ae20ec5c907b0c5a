package org.civicbroker.notification;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The durable outbox of pending notifications: collection {@value #COLLECTION} of the default database.
 * A notification is inserted (and committed) before the change that caused it is marked handled in the
 * change journal, and deleted after it was delivered or given up, so a restart never loses one.
 */
@ApplicationScoped
public class Outbox {

    public static final String COLLECTION = "notifications";

    private final StoreAccess store;
    private final String prefix;

    public Outbox(StoreAccess store, @ConfigProperty(name = "civic.store.database-prefix", defaultValue = "ngsild") String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    private MongoCollection<Document> collection() {
        return store.client().getDatabase(prefix).getCollection(COLLECTION);
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

    /** Delivered or given up. Not committed at once: after a crash it may be delivered once more. */
    public Uni<Void> delete(String id) {
        return Rx.uni(collection().deleteOne(Filters.eq("_id", id))).replaceWithVoid();
    }

    /** Every pending notification in delivery order (time, then journal sequence). */
    public Uni<List<Pending>> all() {
        return Rx.multi(collection().find().sort(Sorts.ascending("at", "seq"))).map(Pending::fromDocument).collect().asList();
    }

    public Uni<Long> count() {
        return Rx.uni(collection().countDocuments());
    }
}

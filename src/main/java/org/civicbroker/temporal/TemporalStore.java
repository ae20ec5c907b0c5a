package org.civicbroker.temporal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;
import org.civicbroker.persistence.VersionIndex;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;

/**
 * Temporal collections of a tenant's database, bulk reads by {@code _id $in}, and an optimistic
 * read-modify-write of one document (version {@code _v}, retried when another writer came first; the
 * store has no transactions) for the record changes outside {@link TemporalWriter}.
 */
@ApplicationScoped
public class TemporalStore {

    public static final String ENTITIES = "temporalEntities";
    public static final String BUCKETS = "temporalBuckets";
    public static final String SUMMARIES = "temporalSummaries";
    static final String VERSION = VersionIndex.FIELD;
    private static final int IN_CHUNK = 1000;

    private final TenantRegistry tenants;
    private final StoreAccess store;
    private final VersionIndex versionIndex;

    public TemporalStore(TenantRegistry tenants, StoreAccess store, VersionIndex versionIndex) {
        this.tenants = tenants;
        this.store = store;
        this.versionIndex = versionIndex;
    }

    /** The tenant's database (404 NonexistentTenant when none), with the version indexes of {@link #mutate}. */
    Uni<MongoDatabase> forRead(Tenant tenant) {
        return tenants.existing(tenant).call(this::versionIndexes);
    }

    /** The tenant's database, created when new, with the version indexes of {@link #mutate}. */
    Uni<MongoDatabase> forWrite(Tenant tenant) {
        return tenants.forWrite(tenant).call(this::versionIndexes);
    }

    private Uni<Void> versionIndexes(MongoDatabase db) {
        return versionIndex.ensure(entities(db))
                .chain(() -> versionIndex.ensure(buckets(db)))
                .chain(() -> versionIndex.ensure(summaries(db)));
    }

    Uni<Void> afterWrite() {
        return store.afterWrite();
    }

    static MongoCollection<Document> entities(MongoDatabase db) {
        return db.getCollection(ENTITIES);
    }

    static MongoCollection<Document> buckets(MongoDatabase db) {
        return db.getCollection(BUCKETS);
    }

    static MongoCollection<Document> summaries(MongoDatabase db) {
        return db.getCollection(SUMMARIES);
    }

    Uni<TemporalRecord> record(MongoDatabase db, String entityId) {
        return Rx.uni(entities(db).find(Filters.eq("_id", entityId)).first())
                .map(d -> d == null ? null : TemporalRecord.fromDocument(d));
    }

    /**
     * Read-modify-write of one document: {@code change} gets the stored document (null when absent)
     * and returns the new one (null to delete it). Retried when a concurrent writer changed it first.
     */
    static Uni<Void> mutate(MongoCollection<Document> c, String id, UnaryOperator<Document> change) {
        return Uni.createFrom().deferred(() -> Rx.uni(c.find(Filters.eq("_id", id)).first()).chain(old -> {
            Document next = change.apply(old);
            if (old == null) {
                if (next == null) {
                    return Uni.createFrom().item(true);
                }
                next.put(VERSION, 1L);
                return Rx.uni(c.insertOne(next)).map(r -> true)
                        .onFailure(TemporalStore::isDuplicateKey).recoverWithItem(false);
            }
            long v = old.get(VERSION, Number.class) == null ? 0 : old.get(VERSION, Number.class).longValue();
            if (next == null) {
                return Rx.uni(c.deleteOne(VersionIndex.at(id, v)))
                        .map(r -> r.getDeletedCount() == 1);
            }
            next.put(VERSION, v + 1);
            return Rx.uni(c.replaceOne(VersionIndex.at(id, v), next))
                    .map(r -> r.getMatchedCount() == 1);
        })).chain(done -> done ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new Conflict()))
                .onFailure(Conflict.class).retry().atMost(50);
    }

    /** The documents with these ids (missing ones are skipped), in chunks of {@value #IN_CHUNK} keys. */
    static Uni<List<Document>> byIds(MongoCollection<Document> c, List<String> ids) {
        return byIds(c, ids, null);
    }

    /** As {@link #byIds(MongoCollection, List)}, only the fields of {@code projection} (null: all). */
    static Uni<List<Document>> byIds(MongoCollection<Document> c, List<String> ids, Bson projection) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IN_CHUNK) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + IN_CHUNK)));
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToMultiAndConcatenate(chunk -> Rx.multi(c.find(Filters.in("_id", chunk)).projection(projection)))
                .collect().asList();
    }

    /** Deletes the buckets and summaries with these ids. */
    static Uni<Void> deleteBuckets(MongoDatabase db, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Rx.uni(buckets(db).deleteMany(Filters.in("_id", ids)))
                .chain(() -> Rx.uni(summaries(db).deleteMany(Filters.in("_id", ids))))
                .replaceWithVoid();
    }

    /**
     * Retention support (the retention issue schedules it): deletes every bucket, with its summary, of a
     * UTC day before {@code day}. A range on the {@code day} field: no point is read.
     */
    public Uni<Long> deleteBefore(Tenant tenant, LocalDate day) {
        return forRead(tenant).chain(db -> Rx.uni(buckets(db).deleteMany(Filters.lt(BucketCodec.DAY, day.toString())))
                .chain(r -> Rx.uni(summaries(db).deleteMany(Filters.lt(BucketCodec.DAY, day.toString())))
                        .replaceWith(r.getDeletedCount())))
                .call(store::afterWrite);
    }

    /** The ids of the tenant's temporal entities (for tests and tooling). */
    Uni<List<String>> entityIds(MongoDatabase db) {
        return Rx.multi(entities(db).find().projection(Projections.include("_id"))).map(d -> d.getString("_id"))
                .collect().asList();
    }

    static boolean isDuplicateKey(Throwable t) {
        return t instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** A concurrent writer changed the document first: read again. */
    private static final class Conflict extends RuntimeException {
        Conflict() {
            super("temporal write conflict", null, false, false);
        }
    }
}

package org.civicbroker.audit;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;

/**
 * The audit collection ({@value #COLLECTION}) in the broker's own database: one document per audited request,
 * with its tenant as a field (so refused requests to tenants that do not exist create no tenant database,
 * and one purge covers every tenant). Storage types stay here.
 */
@ApplicationScoped
public class AuditStore {

    static final String COLLECTION = "auditRecords";
    static final String STAMPS = "entityStamps";
    /** The default tenant's key in the collection (a tenant named in a header cannot contain '@'). */
    static final String DEFAULT_TENANT = "@default";

    private final StoreAccess store;

    public AuditStore(StoreAccess store) {
        this.store = store;
    }

    private MongoCollection<Document> collection() {
        return store.brokerDatabase().getCollection(COLLECTION);
    }

    Uni<Void> createIndex() {
        return Rx.uni(collection().createIndex(Indexes.compoundIndex(Indexes.ascending("tenant"), Indexes.descending("at"))))
                .replaceWithVoid();
    }

    Uni<Void> add(AuditRecord r) {
        Document d = new Document("at", Date.from(r.at())).append("tenant", r.tenant() == null ? DEFAULT_TENANT : r.tenant())
                .append("subject", r.subject()).append("operation", r.operation()).append("method", r.method())
                .append("path", r.path()).append("entityId", r.entityId()).append("status", r.status());
        if (!r.entityIds().isEmpty()) {
            d.append("entityIds", r.entityIds());
        }
        if (r.entityCount() != null) {
            d.append("entityCount", r.entityCount());
        }
        return Rx.uni(collection().insertOne(d)).replaceWithVoid();
    }

    /** The tenant's records matching the query, newest first (then in insertion order), one page. */
    Uni<List<AuditRecord>> find(String tenant, AuditQuery q) {
        return Rx.multi(collection().find(filter(tenant, q))
                        .sort(Sorts.orderBy(Sorts.descending("at"), Sorts.descending("_id"))).skip(q.offset()).limit(q.limit()))
                .map(AuditStore::record).collect().asList();
    }

    Uni<Long> count(String tenant, AuditQuery q) {
        return Rx.uni(collection().countDocuments(filter(tenant, q)));
    }

    /** Deletes the records older than {@code before}; answers how many. */
    Uni<Long> deleteBefore(java.time.Instant before) {
        return Rx.uni(collection().deleteMany(Filters.lt("at", Date.from(before)))).map(r -> r.getDeletedCount());
    }

    private static String stampId(String tenant, String entityId) {
        return (tenant == null ? DEFAULT_TENANT : tenant) + "|" + entityId;
    }

    /**
     * Records the changes of one request in the entities' stamps, in one unordered bulk write (a batch of a
     * thousand entities is one round trip): a creation sets creator and last modifier, a change the last
     * modifier, a deletion removes the stamps.
     */
    Uni<Void> stamp(String tenant, List<EntityStamps.Change> changes, String subject, java.time.Instant at) {
        MongoCollection<Document> stamps = store.brokerDatabase().getCollection(STAMPS);
        List<WriteModel<Document>> writes = new ArrayList<>(changes.size());
        for (EntityStamps.Change c : changes) {
            Bson id = Filters.eq("_id", stampId(tenant, c.entityId()));
            if (c.kind() == EntityStamps.Kind.DELETED) {
                writes.add(new DeleteOneModel<>(id));
                continue;
            }
            Document set = new Document("modifiedBy", subject).append("modifiedAt", Date.from(at))
                    .append("tenant", tenant == null ? DEFAULT_TENANT : tenant).append("entityId", c.entityId());
            if (c.kind() == EntityStamps.Kind.CREATED) {
                set.append("createdBy", subject).append("createdAt", Date.from(at));
            }
            writes.add(new UpdateOneModel<>(id, new Document("$set", set), new UpdateOptions().upsert(true)));
        }
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Rx.uni(stamps.bulkWrite(writes, new BulkWriteOptions().ordered(false))).replaceWithVoid();
    }

    /** The stamps of an entity, or null item when none were recorded. */
    Uni<EntityStamps.Stamps> stamps(String tenant, String entityId) {
        return Rx.uni(store.brokerDatabase().getCollection(STAMPS).find(Filters.eq("_id", stampId(tenant, entityId))).first())
                .map(d -> d == null ? null : new EntityStamps.Stamps(entityId, d.getString("createdBy"),
                        d.getDate("createdAt") == null ? null : d.getDate("createdAt").toInstant(), d.getString("modifiedBy"),
                        d.getDate("modifiedAt") == null ? null : d.getDate("modifiedAt").toInstant()));
    }

    private static Bson filter(String tenant, AuditQuery q) {
        List<Bson> all = new ArrayList<>();
        all.add(Filters.eq("tenant", tenant == null ? DEFAULT_TENANT : tenant));
        if (q.from() != null) {
            all.add(Filters.gte("at", Date.from(q.from())));
        }
        if (q.to() != null) {
            all.add(Filters.lt("at", Date.from(q.to())));
        }
        if (q.subject() != null) {
            all.add(Filters.eq("subject", q.subject()));
        }
        if (q.entityId() != null) {
            // the entity a request's path names, or one of the entities a read of personal data returned
            all.add(Filters.or(Filters.eq("entityId", q.entityId()), Filters.eq("entityIds", q.entityId())));
        }
        if (q.operation() != null) {
            all.add(Filters.eq("operation", q.operation()));
        }
        return Filters.and(all);
    }

    private static AuditRecord record(Document d) {
        String tenant = d.getString("tenant");
        return new AuditRecord(d.getDate("at").toInstant(), d.getString("subject"),
                DEFAULT_TENANT.equals(tenant) ? null : tenant, d.getString("operation"), d.getString("method"),
                d.getString("path"), d.getString("entityId"), d.getList("entityIds", String.class),
                d.getInteger("entityCount"), d.getInteger("status", 0));
    }
}

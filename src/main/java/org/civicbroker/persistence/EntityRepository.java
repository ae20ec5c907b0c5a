package org.civicbroker.persistence;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Entity;
import org.civicbroker.query.geo.BoundingBox;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;

/**
 * Entity storage. Updates are read-modify-write with an optimistic version check ({@code _v}): the
 * store has no multi-document transactions and NGSI-LD update semantics are easiest to get right on
 * the model, so a concurrent writer makes the loser retry rather than lose an update.
 */
@ApplicationScoped
public class EntityRepository {

    public static final String VERSION = "_v";

    /** A stored entity with the version it was read at. */
    public record Versioned(Entity entity, long version) {
    }

    private final TenantRegistry tenants;
    private final StoreAccess store;
    private final EntityDocuments documents = new EntityDocuments(BoundingBox::documentOf);

    public EntityRepository(TenantRegistry tenants, StoreAccess store) {
        this.tenants = tenants;
        this.store = store;
    }

    public EntityDocuments documents() {
        return documents;
    }

    public Uni<MongoCollection<Document>> collectionForRead(Tenant tenant) {
        return tenants.existing(tenant).map(EntityRepository::entities);
    }

    private static MongoCollection<Document> entities(MongoDatabase db) {
        return db.getCollection(StoreAccess.ENTITIES);
    }

    public Uni<Void> insert(Tenant tenant, Entity entity) {
        Document doc = documents.toDocument(entity).append(VERSION, 1L);
        return tenants.forWrite(tenant)
                .chain(db -> Rx.uni(entities(db).insertOne(doc)))
                .onFailure(EntityRepository::isDuplicateKey)
                .transform(e -> new NgsiException(ErrorType.ALREADY_EXISTS, "Entity " + entity.id() + " already exists"))
                .call(store::afterWrite)
                .replaceWithVoid();
    }

    /** The entity, or null when the tenant has no such entity (404 NonexistentTenant when no tenant). */
    public Uni<Versioned> find(Tenant tenant, String id) {
        return collectionForRead(tenant)
                .chain(c -> Rx.uni(c.find(Filters.eq(EntityDocuments.ID, id)).first()))
                .map(this::versioned);
    }

    /** Replaces the entity if it is still at {@code version}; false when someone else wrote first. */
    public Uni<Boolean> replace(Tenant tenant, Entity entity, long version) {
        Document doc = documents.toDocument(entity).append(VERSION, version + 1);
        return collectionForRead(tenant)
                .chain(c -> Rx.uni(c.replaceOne(
                        Filters.and(Filters.eq(EntityDocuments.ID, entity.id()), Filters.eq(VERSION, version)), doc)))
                .call(store::afterWrite)
                .map(r -> r.getMatchedCount() == 1);
    }

    /** Deletes the entity; returns what was deleted, or null when there was none. */
    public Uni<Entity> delete(Tenant tenant, String id) {
        return collectionForRead(tenant)
                .chain(c -> Rx.uni(c.findOneAndDelete(Filters.eq(EntityDocuments.ID, id))))
                .call(store::afterWrite)
                .map(d -> d == null ? null : documents.toEntity(d));
    }

    public Versioned versioned(Document d) {
        if (d == null) {
            return null;
        }
        Number v = d.get(VERSION, Number.class);
        return new Versioned(documents.toEntity(d), v == null ? 0L : v.longValue());
    }

    static boolean isDuplicateKey(Throwable t) {
        return t instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}

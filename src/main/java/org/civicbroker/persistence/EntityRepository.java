package org.civicbroker.persistence;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Entity;
import org.civicbroker.query.geo.BoundingBox;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;

/**
 * Entity storage. Updates are read-modify-write with an optimistic version check ({@code _v}): the
 * store has no multi-document transactions and NGSI-LD update semantics are easiest to get right on
 * the model, so a concurrent writer makes the loser retry rather than lose an update.
 * <p>
 * Writes here do not commit the embedded store: the caller publishes the change
 * ({@link org.civicbroker.events.ChangeEvents#publish}), whose journal commit makes the write and its
 * change durable together before the write is acknowledged.
 */
@ApplicationScoped
public class EntityRepository {

    public static final String VERSION = VersionIndex.FIELD;
    private static final Logger LOG = Logger.getLogger(EntityRepository.class);

    /** A stored entity with the version it was read at. */
    public record Versioned(Entity entity, long version) {
    }

    private final TenantRegistry tenants;
    private final Optional<EmbeddedTypeIndex> typeIndex;
    private final EntityDocuments documents = new EntityDocuments(BoundingBox::documentOf);
    private final VersionIndex versionIndex;

    public EntityRepository(TenantRegistry tenants, StoreProducer producer, VersionIndex versionIndex) {
        this.tenants = tenants;
        this.typeIndex = producer.typeIndex();
        this.versionIndex = versionIndex;
    }

    /** The embedded store's type index and the tenant's database name, when the embedded store is in use. */
    public Optional<EmbeddedTypeIndex> typeIndex() {
        return typeIndex;
    }

    public String databaseName(Tenant tenant) {
        return tenants.database(tenant).getName();
    }

    /** Seeds the embedded type index from every tenant's entities, off the start-up path. */
    void indexAtStart(@Observes StartupEvent ev) {
        typeIndex.ifPresent(index -> tenants.names()
                .map(names -> {
                    List<Tenant> all = new ArrayList<>(List.of(Tenant.DEFAULT));
                    names.forEach(n -> all.add(new Tenant(n)));
                    return all;
                })
                .onItem().transformToMulti(all -> Multi.createFrom().iterable(all))
                .onItem().transformToUniAndConcatenate(t -> seed(index, t))
                .collect().last()
                .invoke(index::ready)
                .subscribe().with(done -> LOG.info("Embedded store: type index ready"),
                        e -> LOG.warn("Embedded store: type index not built; queries scan the store", e)));
    }

    private Uni<Void> seed(EmbeddedTypeIndex index, Tenant tenant) {
        MongoDatabase db = tenants.database(tenant);
        return Rx.multi(entities(db).find().projection(Projections.include(EntityDocuments.TYPE)))
                .invoke(d -> index.seed(db.getName(), d.getString(EntityDocuments.ID), d.getList(EntityDocuments.TYPE, String.class)))
                .collect().last()
                .replaceWithVoid();
    }

    public EntityDocuments documents() {
        return documents;
    }

    /** The tenant's entity collection; 404 NonexistentTenant when the tenant does not exist. */
    public Uni<MongoCollection<Document>> collectionForRead(Tenant tenant) {
        return tenants.existing(tenant).map(EntityRepository::entities).call(versionIndex::ensure);
    }

    private static MongoCollection<Document> entities(MongoDatabase db) {
        return db.getCollection(StoreAccess.ENTITIES);
    }

    /** The tenant's entity collection, creating the tenant when new. */
    public Uni<MongoCollection<Document>> collectionForWrite(Tenant tenant) {
        return tenants.forWrite(tenant).map(EntityRepository::entities).call(versionIndex::ensure);
    }

    /**
     * {@code {_id: id, _v: version}} as a plain document, so that the embedded store answers it from the
     * (_id, _v) index (see {@link VersionIndex}).
     */
    public static Bson atVersion(String id, long version) {
        return VersionIndex.at(id, version);
    }

    public Uni<Void> insert(Tenant tenant, Entity entity) {
        Document doc = documents.toDocument(entity).append(VERSION, 1L);
        return collectionForWrite(tenant)
                .chain(c -> Rx.uni(c.insertOne(doc)))
                .onFailure(EntityRepository::isDuplicateKey)
                .transform(e -> new NgsiException(ErrorType.ALREADY_EXISTS, "Entity " + entity.id() + " already exists"))
                .invoke(() -> typeIndex.ifPresent(i -> i.put(databaseName(tenant), entity.id(), entity.types())))
                .replaceWithVoid();
    }

    /** The entity, or null when the tenant has no such entity (404 NonexistentTenant when no tenant). */
    public Uni<Versioned> find(Tenant tenant, String id) {
        return collectionForRead(tenant)
                .chain(c -> Rx.uni(c.find(Filters.eq(EntityDocuments.ID, id)).first()))
                .map(this::versioned);
    }

    /**
     * The stored entities among {@code ids}, by id (one read with {@code $in} on {@code _id}, which both
     * stores serve from the id index). Ids that are not stored have no entry.
     */
    public Uni<Map<String, Entity>> findAll(Tenant tenant, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return collectionForRead(tenant)
                .chain(c -> Rx.multi(c.find(Filters.in(EntityDocuments.ID, List.copyOf(ids)))
                                .projection(Projections.exclude(VERSION)))
                        .map(documents::toEntity)
                        .collect().asMap(Entity::id));
    }

    /** Replaces the entity if it is still at {@code version}; false when someone else wrote first. */
    public Uni<Boolean> replace(Tenant tenant, Entity entity, long version) {
        Document doc = documents.toDocument(entity).append(VERSION, version + 1);
        return collectionForRead(tenant)
                .chain(c -> Rx.uni(c.replaceOne(atVersion(entity.id(), version), doc)))
                .map(r -> r.getMatchedCount() == 1)
                .invoke(stored -> {
                    if (stored) {
                        typeIndex.ifPresent(i -> i.put(databaseName(tenant), entity.id(), entity.types()));
                    }
                });
    }

    /** Deletes the entity; returns what was deleted, or null when there was none. */
    public Uni<Entity> delete(Tenant tenant, String id) {
        return delete(tenant, id, null);
    }

    /** Deletes the entity if its types match {@code type} (null: any); what was deleted, or null. */
    public Uni<Entity> delete(Tenant tenant, String id, TypeQuery type) {
        Bson filter = type == null ? Filters.eq(EntityDocuments.ID, id)
                : Filters.and(Filters.eq(EntityDocuments.ID, id), type.toBson());
        return collectionForRead(tenant)
                .chain(c -> Rx.uni(c.findOneAndDelete(filter)))
                .invoke(d -> typeIndex.ifPresent(i -> i.remove(databaseName(tenant), id)))
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

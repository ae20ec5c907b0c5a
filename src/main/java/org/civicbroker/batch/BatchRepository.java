package org.civicbroker.batch;

import com.mongodb.ErrorCategory;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Entity;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.persistence.EntityRepository.Versioned;
import org.civicbroker.persistence.FieldNames;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.UnorderedBulk;
import org.civicbroker.tenancy.Tenant;
import org.jboss.logging.Logger;

/**
 * Bulk entity storage for the batch operations: one {@code $in} read and one unordered bulk write per
 * round, with the same optimistic {@code _v} check as {@link EntityRepository}. The store has no
 * multi-document transactions, so every entity is written whole or not at all (one document each),
 * and an entity that another writer changed in between is reported as lost, for the caller to retry.
 */
@ApplicationScoped
public class BatchRepository {

    private static final Logger LOG = Logger.getLogger(BatchRepository.class);

    /** One entity to store: insert when {@code version} is null, else replace if still at {@code version}. */
    public record Write(Entity after, Long version) {
    }

    /**
     * What a bulk write did per entity id.
     *
     * @param done stored (or deleted) as asked
     * @param lost another writer got there first (changed, created or deleted it): retry from a fresh read
     * @param failed refused by the store for another reason
     */
    public record Outcome(Set<String> done, Set<String> lost, Map<String, NgsiException> failed) {
    }

    private final EntityRepository entities;

    public BatchRepository(EntityRepository entities) {
        this.entities = entities;
    }

    /** The tenant's entity collection; {@code forWrite} creates the tenant, otherwise 404 NonexistentTenant. */
    public Uni<MongoCollection<Document>> collection(Tenant tenant, boolean forWrite) {
        return forWrite ? entities.collectionForWrite(tenant) : entities.collectionForRead(tenant);
    }

    /** The stored entities among {@code ids} that also match {@code condition}, by id (one {@code $in} query). */
    public Uni<Map<String, Versioned>> find(MongoCollection<Document> c, Collection<String> ids, Bson condition) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Bson byId = Filters.in(EntityDocuments.ID, ids);
        return Rx.multi(c.find(condition == null ? byId : Filters.and(byId, condition)))
                .map(entities::versioned)
                .collect().asMap(v -> v.entity().id());
    }

    /**
     * The ids of every entity that matches the query, for a purge. With a geo-query the store's
     * bounding-box filter selects candidates and the exact relation is decided on their GeoProperty, as
     * Query Entities does.
     */
    public Uni<List<String>> matchingIds(MongoCollection<Document> c, EntityQuery query) {
        Bson filter = query.filter(false);
        if (query.geo() == null) {
            return Rx.multi(c.find(filter).projection(Projections.include(EntityDocuments.ID)))
                    .map(d -> d.getString(EntityDocuments.ID))
                    .collect().asList();
        }
        return Rx.multi(c.find(filter).projection(Projections.include(EntityDocuments.ID, EntityDocuments.TYPE,
                        FieldNames.attributePath(query.geo().geoproperty()))))
                .map(entities.documents()::toEntity)
                .filter(query::matchesGeo)
                .map(Entity::id)
                .collect().asList();
    }

    /** The ids of at most {@code limit} entities matching {@code filter}, in id order. */
    public Uni<List<String>> ids(MongoCollection<Document> c, Bson filter, int limit) {
        return Rx.multi(c.find(filter).projection(Projections.include(EntityDocuments.ID))
                        .sort(com.mongodb.client.model.Sorts.ascending(EntityDocuments.ID)).limit(limit))
                .map(d -> d.getString(EntityDocuments.ID))
                .collect().asList();
    }

    /** Inserts and replaces in one unordered bulk write. */
    public Uni<Outcome> write(MongoCollection<Document> c, List<Write> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().item(new Outcome(Set.of(), Set.of(), Map.of()));
        }
        EntityDocuments docs = entities.documents();
        long token = UnorderedBulk.newToken();
        List<WriteModel<Document>> models = new ArrayList<>(writes.size());
        List<String> ids = new ArrayList<>(writes.size());
        Set<String> replaces = new HashSet<>();
        for (Write w : writes) {
            String id = w.after().id();
            ids.add(id);
            if (w.version() == null) {
                models.add(new InsertOneModel<>(docs.toDocument(w.after()).append(EntityRepository.VERSION, 1L)));
            } else {
                models.add(new ReplaceOneModel<>(EntityRepository.atVersion(id, w.version()),
                        docs.toDocument(w.after()).append(EntityRepository.VERSION, w.version() + 1)
                                .append(UnorderedBulk.WRITE_TOKEN, token)));
                replaces.add(id);
            }
        }
        return UnorderedBulk.write(c, models).chain(r -> {
            Set<String> done = new LinkedHashSet<>(ids);
            Set<String> lost = new LinkedHashSet<>();
            Map<String, NgsiException> failed = new HashMap<>();
            r.errors().forEach(e -> classify(ids.get(e.getIndex()), e, done, lost, failed));
            int expected = (int) replaces.stream().filter(done::contains).count();
            if (r.result() == null || r.result().getMatchedCount() >= expected) {
                return Uni.createFrom().item(new Outcome(done, lost, failed));
            }
            // Some replace did not match its version: find which by reading back what is stored now.
            List<String> replaced = replaces.stream().filter(done::contains).toList();
            return Rx.multi(c.find(Filters.in(EntityDocuments.ID, replaced))
                            .projection(Projections.include(UnorderedBulk.WRITE_TOKEN)))
                    .collect().asMap(d -> d.getString(EntityDocuments.ID))
                    .map(stored -> {
                        for (String id : replaced) {
                            Document now = stored.get(id);
                            if (now == null || !Long.valueOf(token).equals(now.get(UnorderedBulk.WRITE_TOKEN))) {
                                done.remove(id);
                                lost.add(id);
                            }
                        }
                        return new Outcome(done, lost, failed);
                    });
        });
    }

    /** Deletes the entities that are still at the given versions, in one unordered bulk write. */
    public Uni<Outcome> delete(MongoCollection<Document> c, Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return Uni.createFrom().item(new Outcome(Set.of(), Set.of(), Map.of()));
        }
        List<String> ids = new ArrayList<>(versions.keySet());
        List<WriteModel<Document>> models = new ArrayList<>(ids.size());
        ids.forEach(id -> models.add(new DeleteOneModel<>(EntityRepository.atVersion(id, versions.get(id)))));
        return UnorderedBulk.write(c, models).chain(r -> {
            Set<String> done = new LinkedHashSet<>(ids);
            Set<String> lost = new LinkedHashSet<>();
            Map<String, NgsiException> failed = new HashMap<>();
            r.errors().forEach(e -> classify(ids.get(e.getIndex()), e, done, lost, failed));
            if (r.result() == null || r.result().getDeletedCount() >= done.size()) {
                return Uni.createFrom().item(new Outcome(done, lost, failed));
            }
            // Some entity changed in between: those still stored were not deleted by this request.
            return Rx.multi(c.find(Filters.in(EntityDocuments.ID, List.copyOf(done)))
                            .projection(Projections.include(EntityDocuments.ID)))
                    .map(d -> d.getString(EntityDocuments.ID))
                    .collect().asList()
                    .map(present -> {
                        present.forEach(id -> {
                            done.remove(id);
                            lost.add(id);
                        });
                        return new Outcome(done, lost, failed);
                    });
        });
    }

    /** Keeps the embedded store's type index current, as {@link EntityRepository} does for single writes. */
    public void indexStored(Tenant tenant, Collection<Entity> stored) {
        entities.typeIndex().ifPresent(i -> {
            String db = entities.databaseName(tenant);
            stored.forEach(e -> i.put(db, e.id(), e.types()));
        });
    }

    public void indexDeleted(Tenant tenant, Collection<String> ids) {
        entities.typeIndex().ifPresent(i -> {
            String db = entities.databaseName(tenant);
            ids.forEach(id -> i.remove(db, id));
        });
    }

    private static void classify(String id, BulkWriteError e, Set<String> done, Set<String> lost,
            Map<String, NgsiException> failed) {
        done.remove(id);
        if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
            lost.add(id);  // created by someone else since it was read
        } else {
            LOG.errorf("Batch write of entity %s refused by the store: %s", id, e.getMessage());
            failed.put(id, new NgsiException(ErrorType.INTERNAL_ERROR, "The store refused the write"));
        }
    }
}

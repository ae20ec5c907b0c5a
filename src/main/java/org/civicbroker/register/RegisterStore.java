package org.civicbroker.register;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;

/**
 * The register's storage, in the tenant's own database (so it moves with the tenant's data):
 * {@code registerEntries} (one document per type: {@code _id} type IRI, the entry as JSON text,
 * version, who and when), {@code registerVersions} (every version ever written, {@code _id}
 * "typeIri#version", a deletion as a version without JSON) and {@code disposalRecords}. The entry is
 * kept as JSON text: its member names are the API's, never storage operators.
 */
@ApplicationScoped
public class RegisterStore {

    static final String ENTRIES = "registerEntries";
    static final String VERSIONS = "registerVersions";
    static final String DISPOSALS = "disposalRecords";
    static final String PROFILE = "registerProfile";

    /** One stored version of an entry; {@code json} null for a deletion. */
    public record Version(String typeIri, long version, String json, String changedBy, Instant changedAt) {
    }

    /** Live figures of one type: how many entities, and the latest modification. */
    public record TypeFigures(String typeIri, long entities, Instant lastUpdate) {
    }

    private final TenantRegistry tenants;
    private final StoreAccess store;
    private final EntityRepository repository;

    public RegisterStore(TenantRegistry tenants, StoreAccess store, EntityRepository repository) {
        this.tenants = tenants;
        this.store = store;
        this.repository = repository;
    }

    Uni<List<Entity>> entities(Tenant tenant, String typeIri, int limit) {
        return repository.collectionForRead(tenant)
                .chain(c -> Rx.multi(c.find(Filters.eq(EntityDocuments.TYPE, typeIri)).sort(Sorts.ascending("_id")).limit(limit))
                        .map(repository.documents()::toEntity).collect().asList())
                .onFailure(org.civicbroker.common.error.NgsiException.class).recoverWithItem(List.of());
    }

    Uni<List<Version>> current(Tenant tenant) {
        return tenants.existing(tenant).chain(db -> Rx.multi(db.getCollection(ENTRIES).find().sort(Sorts.ascending("_id")))
                .map(RegisterStore::version).collect().asList());
    }

    /** The current entries of a tenant that may not exist (empty then), for loading the cache. */
    Uni<List<Version>> currentIfAny(Tenant tenant) {
        return current(tenant).onFailure().recoverWithItem(List.of());
    }

    Uni<List<Version>> versions(Tenant tenant, String typeIri) {
        return tenants.existing(tenant).chain(db -> Rx.multi(db.getCollection(VERSIONS).find(Filters.eq("typeIri", typeIri))
                        .sort(Sorts.ascending("version")))
                .map(RegisterStore::version).collect().asList());
    }

    /**
     * Writes version {@code v.version()} of an entry: the version document first, whose unique {@code _id}
     * makes a concurrent writer of the same version fail (false), then the current entry.
     */
    Uni<Boolean> write(Tenant tenant, Version v) {
        return tenants.forWrite(tenant).chain(db -> {
            Document version = document(v).append("_id", v.typeIri() + "#" + v.version()).append("typeIri", v.typeIri());
            return Rx.uni(db.getCollection(VERSIONS).insertOne(version)).map(r -> true)
                    .onFailure(RegisterStore::isDuplicateKey).recoverWithItem(false)
                    .call(ok -> !ok ? Uni.createFrom().voidItem()
                            : v.json() == null ? Rx.uni(db.getCollection(ENTRIES).deleteOne(Filters.eq("_id", v.typeIri()))).replaceWithVoid()
                            : store.upsert(db, ENTRIES, document(v).append("_id", v.typeIri())));
        }).call(store::afterWrite);
    }

    private static Document document(Version v) {
        Document d = new Document("version", v.version()).append("changedBy", v.changedBy())
                .append("changedAt", Date.from(v.changedAt()));
        if (v.json() != null) {
            d.append("json", v.json());
        }
        return d;
    }

    private static Version version(Document d) {
        String typeIri = d.getString("typeIri") != null ? d.getString("typeIri") : d.getString("_id");
        return new Version(typeIri, d.get("version", Number.class).longValue(), d.getString("json"), d.getString("changedBy"),
                d.getDate("changedAt").toInstant());
    }

    /** The publication profile as stored (JSON text, who, when), or null. */
    Uni<Version> profile(Tenant tenant) {
        return tenants.existing(tenant).chain(db -> store.findOne(db, PROFILE, "profile"))
                .map(d -> d == null ? null : new Version("profile", d.get("version", Number.class).longValue(), d.getString("json"),
                        d.getString("changedBy"), d.getDate("changedAt").toInstant()));
    }

    Uni<Void> putProfile(Tenant tenant, Version v) {
        return tenants.forWrite(tenant).chain(db -> store.upsert(db, PROFILE, document(v).append("_id", "profile")));
    }

    Uni<Void> addDisposal(Tenant tenant, DisposalRecord r) {
        return tenants.forWrite(tenant).chain(db -> Rx.uni(db.getCollection(DISPOSALS).insertOne(r.toDocument())))
                .call(store::afterWrite).replaceWithVoid();
    }

    /** Disposal records, newest run first (then by type and rule); {@code typeIri} null for all; at most {@code limit}. */
    Uni<List<DisposalRecord>> disposals(Tenant tenant, String typeIri, int limit) {
        return tenants.existing(tenant).chain(db -> {
            MongoCollection<Document> c = db.getCollection(DISPOSALS);
            return Rx.multi(c.find(typeIri == null ? Filters.empty() : Filters.eq("typeIri", typeIri))
                            .sort(Sorts.orderBy(Sorts.descending("at"), Sorts.ascending("typeIri", "rule"))).limit(limit))
                    .map(DisposalRecord::fromDocument).collect().asList();
        });
    }

    /** Entities per type with their latest modification (one aggregation over the tenant's entities). */
    Uni<List<TypeFigures>> figures(Tenant tenant) {
        return tenants.existing(tenant).chain(db -> Rx.multi(db.getCollection(StoreAccess.ENTITIES).aggregate(List.of(
                        Aggregates.project(new Document(EntityDocuments.TYPE, 1).append(EntityDocuments.MODIFIED_AT, 1)),
                        Aggregates.unwind("$" + EntityDocuments.TYPE),
                        Aggregates.group("$" + EntityDocuments.TYPE, Accumulators.sum("n", 1),
                                Accumulators.max("last", "$" + EntityDocuments.MODIFIED_AT)),
                        Aggregates.sort(Sorts.ascending("_id")))))
                .map(d -> new TypeFigures(d.getString("_id"), d.get("n", Number.class).longValue(),
                        d.getDate("last") == null ? null : d.getDate("last").toInstant()))
                .collect().asList());
    }

    MongoDatabase database(Tenant tenant) {
        return tenants.database(tenant);
    }

    private static boolean isDuplicateKey(Throwable t) {
        return t instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}

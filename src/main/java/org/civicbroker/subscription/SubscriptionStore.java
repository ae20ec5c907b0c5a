package org.civicbroker.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;

/**
 * Subscriptions in the store: collection {@value #COLLECTION} of the tenant's database, one document per
 * subscription holding the payload as the client sent it (a JSON string, so no user text becomes a
 * field name), its {@code @context}, timestamps and delivery statistics.
 */
@ApplicationScoped
public class SubscriptionStore {

    public static final String COLLECTION = "subscriptions";

    private final TenantRegistry tenants;
    private final StoreAccess store;

    public SubscriptionStore(TenantRegistry tenants, StoreAccess store) {
        this.tenants = tenants;
        this.store = store;
    }

    private MongoCollection<Document> collection(Tenant tenant) {
        return tenants.database(tenant).getCollection(COLLECTION);
    }

    public Uni<Void> insert(Tenant tenant, Subscription s, SubscriptionStats stats) {
        return tenants.forWrite(tenant)
                .chain(db -> Rx.uni(db.getCollection(COLLECTION).insertOne(toDocument(s, stats))))
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("E11000"))
                .transform(e -> new NgsiException(ErrorType.ALREADY_EXISTS, "Subscription " + s.id() + " already exists"))
                .call(store::afterWrite)
                .replaceWithVoid();
    }

    public Uni<Void> replace(Tenant tenant, Subscription s, SubscriptionStats stats) {
        return Rx.uni(collection(tenant).replaceOne(Filters.eq("_id", s.id()), toDocument(s, stats)))
                .call(store::afterWrite).replaceWithVoid();
    }

    public Uni<Boolean> delete(Tenant tenant, String id) {
        return Rx.uni(collection(tenant).deleteOne(Filters.eq("_id", id)))
                .call(store::afterWrite)
                .map(r -> r != null && r.getDeletedCount() > 0);
    }

    public Uni<Void> saveStats(Tenant tenant, String id, Document stats) {
        return Rx.uni(collection(tenant).updateOne(Filters.eq("_id", id), Updates.set("stats", stats))).replaceWithVoid();
    }

    /** Every stored subscription document of the tenant. */
    public Uni<List<Document>> all(Tenant tenant) {
        return Rx.multi(collection(tenant).find()).collect().asList();
    }

    static Document toDocument(Subscription s, SubscriptionStats stats) {
        return new Document("_id", s.id())
                .append("body", write(s.source()))
                .append("context", s.context() == null ? null : write(s.context()))
                .append("createdAt", Date.from(s.createdAt()))
                .append("modifiedAt", Date.from(s.modifiedAt()))
                .append("linkBase", s.linkBase())
                .append("stats", stats.toDocument());
    }

    static JsonNode read(String json) {
        return json == null ? null : RequestReader.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String write(JsonNode n) {
        try {
            return RequestReader.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

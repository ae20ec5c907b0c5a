package org.civicbroker.registration.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

/** Registration subscriptions in the store: collection {@value #COLLECTION} of the tenant's database. */
@ApplicationScoped
public class CsourceSubscriptionStore {

    public static final String COLLECTION = "csourceSubscriptions";

    /** A stored subscription: the payload as sent, its @context and timestamps. */
    public record Stored(String id, JsonNode body, JsonNode context, Instant createdAt, Instant modifiedAt) {
    }

    private final TenantRegistry tenants;
    private final StoreAccess store;

    public CsourceSubscriptionStore(TenantRegistry tenants, StoreAccess store) {
        this.tenants = tenants;
        this.store = store;
    }

    private MongoCollection<Document> collection(Tenant tenant) {
        return tenants.database(tenant).getCollection(COLLECTION);
    }

    public Uni<Void> insert(Tenant tenant, Stored s) {
        return tenants.forWrite(tenant)
                .chain(db -> Rx.uni(db.getCollection(COLLECTION).insertOne(toDocument(s))))
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("E11000"))
                .transform(e -> new NgsiException(ErrorType.ALREADY_EXISTS, "Subscription " + s.id() + " already exists"))
                .call(store::afterWrite).replaceWithVoid();
    }

    public Uni<Void> replace(Tenant tenant, Stored s) {
        return Rx.uni(collection(tenant).replaceOne(Filters.eq("_id", s.id()), toDocument(s))).call(store::afterWrite).replaceWithVoid();
    }

    public Uni<Void> delete(Tenant tenant, String id) {
        return Rx.uni(collection(tenant).deleteOne(Filters.eq("_id", id))).call(store::afterWrite).replaceWithVoid();
    }

    public Uni<List<Stored>> all(Tenant tenant) {
        return Rx.multi(collection(tenant).find()).map(d -> new Stored(d.getString("_id"), read(d.getString("body")),
                read(d.getString("context")), d.getDate("createdAt").toInstant(), d.getDate("modifiedAt").toInstant()))
                .collect().asList();
    }

    private static Document toDocument(Stored s) {
        return new Document("_id", s.id()).append("body", write(s.body()))
                .append("context", s.context() == null ? null : write(s.context()))
                .append("createdAt", Date.from(s.createdAt())).append("modifiedAt", Date.from(s.modifiedAt()));
    }

    private static JsonNode read(String json) {
        return json == null ? null : RequestReader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(JsonNode n) {
        try {
            return RequestReader.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

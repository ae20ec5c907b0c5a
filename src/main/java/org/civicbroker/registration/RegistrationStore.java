package org.civicbroker.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
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
 * Registrations in the store: collection {@value #COLLECTION} of the tenant's database, one document per
 * registration holding the payload as the client sent it (a JSON string, so no user text becomes a field
 * name), its {@code @context} and timestamps. Matching uses the in-memory {@link RegistrationRegistry}.
 */
@ApplicationScoped
public class RegistrationStore {

    public static final String COLLECTION = "csourceRegistrations";

    private final TenantRegistry tenants;
    private final StoreAccess store;

    public RegistrationStore(TenantRegistry tenants, StoreAccess store) {
        this.tenants = tenants;
        this.store = store;
    }

    private MongoCollection<Document> collection(Tenant tenant) {
        return tenants.database(tenant).getCollection(COLLECTION);
    }

    public Uni<Void> insert(Tenant tenant, Registration r) {
        return tenants.forWrite(tenant)
                .chain(db -> Rx.uni(db.getCollection(COLLECTION).insertOne(toDocument(r))))
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("E11000"))
                .transform(e -> new NgsiException(ErrorType.ALREADY_EXISTS, "Registration " + r.id() + " already exists"))
                .call(store::afterWrite)
                .replaceWithVoid();
    }

    public Uni<Void> replace(Tenant tenant, Registration r) {
        return Rx.uni(collection(tenant).replaceOne(Filters.eq("_id", r.id()), toDocument(r)))
                .call(store::afterWrite).replaceWithVoid();
    }

    public Uni<Boolean> delete(Tenant tenant, String id) {
        return Rx.uni(collection(tenant).deleteOne(Filters.eq("_id", id)))
                .call(store::afterWrite)
                .map(r -> r != null && r.getDeletedCount() > 0);
    }

    public Uni<List<Document>> all(Tenant tenant) {
        return Rx.multi(collection(tenant).find()).collect().asList();
    }

    static Document toDocument(Registration r) {
        return new Document("_id", r.id())
                .append("body", write(r.source()))
                .append("context", r.context() == null ? null : write(r.context()))
                .append("createdAt", Date.from(r.createdAt()))
                .append("modifiedAt", Date.from(r.modifiedAt()));
    }

    static JsonNode read(String json) {
        return json == null ? null : RequestReader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static String write(JsonNode n) {
        try {
            return RequestReader.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

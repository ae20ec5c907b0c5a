package org.civicbroker.tenancy;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.persistence.StoreAccess;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Knows which tenants exist (clause 4.14): a write to an unknown tenant creates it (database plus
 * indexes), a read from one is 404 NonexistentTenant. Tenants are recorded in the default database's
 * {@code tenants} collection, so every broker instance on the same MongoDB sees them; this instance
 * caches the names it has seen.
 */
@ApplicationScoped
public class TenantRegistry {

    private final StoreAccess store;
    private final String prefix;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public TenantRegistry(StoreAccess store, @ConfigProperty(name = "civic.store.database-prefix", defaultValue = "ngsild") String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    public MongoDatabase database(Tenant tenant) {
        return store.client().getDatabase(tenant.database(prefix));
    }

    /** For reads: the tenant's database, or 404 NonexistentTenant. */
    public Uni<MongoDatabase> existing(Tenant tenant) {
        if (tenant.isDefault() || known.contains(tenant.name())) {
            return Uni.createFrom().item(database(tenant));
        }
        return store.findOne(store.brokerDatabase(), StoreAccess.TENANTS, tenant.name())
                .map(doc -> {
                    if (doc == null) {
                        throw new NgsiException(ErrorType.NONEXISTENT_TENANT, "Tenant '" + tenant.name() + "' does not exist");
                    }
                    known.add(tenant.name());
                    return database(tenant);
                });
    }

    /** For writes: the tenant's database, creating the tenant (and its indexes) when new. */
    public Uni<MongoDatabase> forWrite(Tenant tenant) {
        if (tenant.isDefault() || known.contains(tenant.name())) {
            return Uni.createFrom().item(database(tenant));
        }
        MongoDatabase db = database(tenant);
        Document record = new Document("_id", tenant.name()).append("createdAt", Date.from(Instant.now()));
        return store.createIndexes(db)
                .chain(() -> store.upsert(store.brokerDatabase(), StoreAccess.TENANTS, record))
                .invoke(() -> known.add(tenant.name()))
                .replaceWith(db);
    }

    /** Every tenant name that exists, default tenant excluded. */
    public Uni<java.util.List<String>> names() {
        return store.ids(store.brokerDatabase(), StoreAccess.TENANTS);
    }

    public String prefix() {
        return prefix;
    }
}

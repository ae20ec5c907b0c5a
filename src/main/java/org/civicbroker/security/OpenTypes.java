package org.civicbroker.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.civicbroker.persistence.StoreAccess;
import org.civicbroker.tenancy.Tenant;

/**
 * The entity types an operator has made open data, per tenant (docs/security.md, "Open data"): callers
 * without a token see exactly these. Kept in the broker database's {@value #COLLECTION} collection (so every
 * instance on one MongoDB shares them) and cached here for {@link #REFRESH}: a change made through another
 * instance is seen within that time, one made through this instance at once.
 */
@ApplicationScoped
public class OpenTypes {

    static final String COLLECTION = "openTypes";
    static final String TYPES = "types";
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final StoreAccess store;
    private final Cache<String, Set<String>> cache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(REFRESH).build();

    public OpenTypes(StoreAccess store) {
        this.store = store;
    }

    /** The open types of the tenant (expanded IRIs); empty when the operator opened none. */
    public Uni<Set<String>> of(Tenant tenant) {
        String key = TenantRoles.key(tenant);
        Set<String> known = cache.getIfPresent(key);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return store.findOne(store.brokerDatabase(), COLLECTION, key).map(doc -> {
            Set<String> types = doc == null ? Set.of() : Set.copyOf(doc.getList(TYPES, String.class, List.of()));
            cache.put(key, types);
            return types;
        });
    }

    /** Replaces the open types of the tenant. */
    public Uni<Set<String>> set(Tenant tenant, Set<String> types) {
        String key = TenantRoles.key(tenant);
        Set<String> kept = new LinkedHashSet<>(types);
        return store.upsert(store.brokerDatabase(), COLLECTION, new Document("_id", key).append(TYPES, List.copyOf(kept)))
                .invoke(() -> cache.put(key, Set.copyOf(kept)))
                .replaceWith(Set.copyOf(kept));
    }
}

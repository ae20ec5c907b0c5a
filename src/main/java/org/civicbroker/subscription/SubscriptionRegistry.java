package org.civicbroker.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.bson.Document;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;
import org.jboss.logging.Logger;

/**
 * The live subscriptions of every tenant: one {@link SubscriptionIndex} per tenant and the delivery
 * statistics, rebuilt from the store at start-up (before the change journal replays pending changes,
 * hence the early observer priority) and kept current by the resource.
 */
@ApplicationScoped
public class SubscriptionRegistry {

    private static final Logger LOG = Logger.getLogger(SubscriptionRegistry.class);

    private final SubscriptionStore store;
    private final TenantRegistry tenants;
    private final ContextResolver contexts;
    private final Map<String, SubscriptionIndex> indexes = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionStats> stats = new ConcurrentHashMap<>();
    private final List<BiConsumer<Subscription, Boolean>> listeners = new CopyOnWriteArrayList<>();

    public SubscriptionRegistry(SubscriptionStore store, TenantRegistry tenants, ContextResolver contexts) {
        this.store = store;
        this.tenants = tenants;
        this.contexts = contexts;
    }

    void onStart(@Observes @Priority(100) StartupEvent ev) {
        List<Tenant> all = new ArrayList<>();
        all.add(Tenant.DEFAULT);
        tenants.names().await().indefinitely().forEach(n -> all.add(new Tenant(n)));
        int n = 0;
        for (Tenant t : all) {
            n += load(t);
        }
        if (n > 0) {
            LOG.infof("Subscriptions: %d loaded", n);
        }
    }

    /** Loads the stored subscriptions of a tenant (at start-up, and after a tenant import); blocking. */
    public int load(Tenant t) {
        int n = 0;
        for (Document d : store.all(t).await().indefinitely()) {
            try {
                put(fromDocument(t, d), SubscriptionStats.of(d.get("stats", Document.class)));
                n++;
            } catch (RuntimeException e) {
                LOG.errorf("Subscription %s of tenant %s cannot be loaded: %s", d.get("_id"), t.name(), e.getMessage());
            }
        }
        return n;
    }

    /** Parses a stored subscription (its expiresAt may have passed since: no 'now' check). */
    Subscription fromDocument(Tenant t, Document d) {
        JsonNode context = SubscriptionStore.read(d.getString("context"));
        LdContext ctx = context == null ? contexts.core() : contexts.resolveHeld(context);
        return SubscriptionParser.parse(SubscriptionStore.read(d.getString("body")), ctx, context, d.getString("_id"),
                t.name(), d.getDate("createdAt").toInstant(), d.getDate("modifiedAt").toInstant(), null)
                .withLinkBase(d.getString("linkBase"));
    }

    /** Called with (subscription, true) when one is added or changed, (subscription, false) when removed. */
    public void listen(BiConsumer<Subscription, Boolean> listener) {
        listeners.add(listener);
    }

    public SubscriptionIndex index(String tenant) {
        return indexes.computeIfAbsent(key(tenant), k -> new SubscriptionIndex());
    }

    public Subscription get(String tenant, String id) {
        SubscriptionIndex i = indexes.get(key(tenant));
        return i == null ? null : i.get(id);
    }

    public SubscriptionStats stats(String tenant, String id) {
        return stats.computeIfAbsent(key(tenant) + "|" + id, k -> new SubscriptionStats());
    }

    public void put(Subscription s, SubscriptionStats st) {
        stats.put(key(s.tenant()) + "|" + s.id(), st);
        index(s.tenant()).put(s);
        listeners.forEach(l -> l.accept(s, true));
    }

    public void remove(String tenant, String id) {
        Subscription old = index(tenant).remove(id);
        stats.remove(key(tenant) + "|" + id);
        if (old != null) {
            listeners.forEach(l -> l.accept(old, false));
        }
    }

    /** Every tenant's subscriptions (for the stats flusher and periodic scheduling). */
    public List<Subscription> all() {
        List<Subscription> out = new ArrayList<>();
        indexes.values().forEach(i -> out.addAll(i.all()));
        return out;
    }

    public SubscriptionStore store() {
        return store;
    }

    private static String key(String tenant) {
        return tenant == null ? "" : tenant;
    }
}

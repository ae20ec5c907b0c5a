package org.civicbroker.registration.subscription;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.notification.NotificationTargets;
import org.civicbroker.subscription.Subscription;
import org.civicbroker.subscription.SubscriptionStats;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;
import org.jboss.logging.Logger;

/**
 * The registration subscriptions of every tenant in memory, loaded at start-up (before the dispatcher
 * queues pending notifications again), and the targets of their notifications for the dispatcher.
 */
@ApplicationScoped
public class CsourceSubscriptionRegistry implements NotificationTargets {

    private static final Logger LOG = Logger.getLogger(CsourceSubscriptionRegistry.class);

    private final CsourceSubscriptionStore store;
    private final TenantRegistry tenants;
    private final ContextResolver contexts;
    private final Map<String, Map<String, CsourceSubscription>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionStats> stats = new ConcurrentHashMap<>();

    public CsourceSubscriptionRegistry(CsourceSubscriptionStore store, TenantRegistry tenants, ContextResolver contexts) {
        this.store = store;
        this.tenants = tenants;
        this.contexts = contexts;
    }

    void onStart(@Observes @Priority(100) StartupEvent ev) {
        List<Tenant> all = new ArrayList<>();
        all.add(Tenant.DEFAULT);
        tenants.names().await().indefinitely().forEach(n -> all.add(new Tenant(n)));
        for (Tenant t : all) {
            for (CsourceSubscriptionStore.Stored d : store.all(t).await().indefinitely()) {
                try {
                    LdContext ctx = d.context() == null ? contexts.core() : contexts.resolve(d.context());
                    put(CsourceSubscriptionParser.parse(d.body(), ctx, d.context(), d.id(), t.name(), d.createdAt(),
                            d.modifiedAt(), null));
                } catch (RuntimeException e) {
                    LOG.errorf("Registration subscription %s of tenant %s cannot be loaded: %s", d.id(), t.name(), e.getMessage());
                }
            }
        }
    }

    public CsourceSubscription get(String tenant, String id) {
        Map<String, CsourceSubscription> m = byTenant.get(key(tenant));
        return m == null ? null : m.get(id);
    }

    /** The tenant's subscriptions, oldest first. */
    public List<CsourceSubscription> all(String tenant) {
        Map<String, CsourceSubscription> m = byTenant.get(key(tenant));
        List<CsourceSubscription> out = m == null ? new ArrayList<>() : new ArrayList<>(m.values());
        out.sort(Comparator.comparing((CsourceSubscription c) -> c.subscription().createdAt()).thenComparing(CsourceSubscription::id));
        return out;
    }

    /** Every tenant's subscriptions. */
    public List<CsourceSubscription> all() {
        List<CsourceSubscription> out = new ArrayList<>();
        byTenant.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    public void put(CsourceSubscription s) {
        byTenant.computeIfAbsent(key(s.subscription().tenant()), k -> new ConcurrentHashMap<>()).put(s.id(), s);
    }

    public void remove(String tenant, String id) {
        Map<String, CsourceSubscription> m = byTenant.get(key(tenant));
        if (m != null) {
            m.remove(id);
        }
        stats.remove(key(tenant) + "|" + id);
    }

    public SubscriptionStats stats(CsourceSubscription s) {
        return stats.computeIfAbsent(key(s.subscription().tenant()) + "|" + s.id(), k -> new SubscriptionStats());
    }

    public CsourceSubscriptionStore store() {
        return store;
    }

    @Override
    public Subscription find(String tenant, String subscriptionId) {
        if (!subscriptionId.startsWith(CsourceSubscription.KEY_PREFIX)) {
            return null;
        }
        CsourceSubscription s = get(tenant, subscriptionId.substring(CsourceSubscription.KEY_PREFIX.length()));
        return s == null ? null : s.subscription();
    }

    @Override
    public SubscriptionStats stats(String tenant, String subscriptionId) {
        CsourceSubscription s = get(tenant, subscriptionId.substring(CsourceSubscription.KEY_PREFIX.length()));
        return s == null ? new SubscriptionStats() : stats(s);
    }

    private static String key(String tenant) {
        return tenant == null ? "" : tenant;
    }
}

package org.civicbroker.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;
import org.jboss.logging.Logger;

/**
 * The registrations of every tenant, in memory for matching (every distributed operation consults them),
 * rebuilt from the store at start-up and kept current by {@link RegistrationService}. Registrations whose
 * {@code expiresAt} has passed are left out of every answer (clause 5.9.2.4: they are deleted when it is
 * reached) and removed from the store by the service.
 */
@ApplicationScoped
public class RegistrationRegistry {

    private static final Logger LOG = Logger.getLogger(RegistrationRegistry.class);

    /** Listener of registration changes: before (null when created), after (null when deleted). */
    public interface Listener {
        void changed(String tenant, Registration before, Registration after);
    }

    private final RegistrationStore store;
    private final TenantRegistry tenants;
    private final ContextResolver contexts;
    private final Map<String, Map<String, Registration>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, RegistrationStats> stats = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public RegistrationRegistry(RegistrationStore store, TenantRegistry tenants, ContextResolver contexts) {
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
            for (Document d : store.all(t).await().indefinitely()) {
                try {
                    Registration r = fromDocument(t, d);
                    map(r.tenant()).put(r.id(), r);
                    n++;
                } catch (RuntimeException e) {
                    LOG.errorf("Registration %s of tenant %s cannot be loaded: %s", d.get("_id"), t.name(), e.getMessage());
                }
            }
        }
        if (n > 0) {
            LOG.infof("Context source registrations: %d loaded", n);
        }
    }

    Registration fromDocument(Tenant t, Document d) {
        JsonNode context = RegistrationStore.read(d.getString("context"));
        LdContext ctx = context == null ? contexts.core() : contexts.resolve(context);
        return RegistrationParser.parse(RegistrationStore.read(d.getString("body")), ctx, context, d.getString("_id"),
                t.name(), d.getDate("createdAt").toInstant(), d.getDate("modifiedAt").toInstant(), null);
    }

    public void listen(Listener l) {
        listeners.add(l);
    }

    /** The registration, expired or not (null when unknown). */
    public Registration get(String tenant, String id) {
        Map<String, Registration> m = byTenant.get(key(tenant));
        return m == null ? null : m.get(id);
    }

    /** The tenant's registrations valid at this instant, oldest first. */
    public List<Registration> live(String tenant, Instant now) {
        Map<String, Registration> m = byTenant.get(key(tenant));
        if (m == null || m.isEmpty()) {
            return List.of();
        }
        List<Registration> out = new ArrayList<>();
        for (Registration r : m.values()) {
            if (r.liveAt(now)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing(Registration::createdAt).thenComparing(Registration::id));
        return out;
    }

    /** Every tenant's registrations that have expired by this instant. */
    public List<Registration> expired(Instant now) {
        List<Registration> out = new ArrayList<>();
        byTenant.values().forEach(m -> m.values().stream().filter(r -> !r.liveAt(now)).forEach(out::add));
        return out;
    }

    /** Whether any tenant has a registration: when none, distributed operations cost nothing. */
    public boolean isEmpty(String tenant) {
        Map<String, Registration> m = byTenant.get(key(tenant));
        return m == null || m.isEmpty();
    }

    public RegistrationStats stats(String tenant, String id) {
        return stats.computeIfAbsent(key(tenant) + "|" + id, k -> new RegistrationStats());
    }

    public void put(Registration r) {
        Registration before = map(r.tenant()).put(r.id(), r);
        listeners.forEach(l -> l.changed(r.tenant(), before, r));
    }

    public void remove(String tenant, String id) {
        Registration before = map(tenant).remove(id);
        stats.remove(key(tenant) + "|" + id);
        if (before != null) {
            listeners.forEach(l -> l.changed(tenant, before, null));
        }
    }

    public RegistrationStore store() {
        return store;
    }

    private Map<String, Registration> map(String tenant) {
        return byTenant.computeIfAbsent(key(tenant), k -> new ConcurrentHashMap<>());
    }

    private static String key(String tenant) {
        return tenant == null ? "" : tenant;
    }
}

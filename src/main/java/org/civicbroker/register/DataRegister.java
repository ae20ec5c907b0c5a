package org.civicbroker.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.register.RegisterStore.TypeFigures;
import org.civicbroker.register.RegisterStore.Version;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.tenancy.TenantRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The data register of each tenant (issue 17): entries are validated ({@link EntryParser}), versioned
 * with who changed them and when, stored with the tenant ({@link RegisterStore}), and kept in memory
 * so the write path ({@link WriteAdmission}) and the history ({@link HistoryPolicy}) consult them
 * without a store read. The memory copy is loaded at start-up, updated by this instance's changes at
 * once and re-read from the store every {@code civic.register.refresh-interval} ({@link #refresh()}), so
 * that several instances on one MongoDB see each other's changes within that interval (docs/privacy.md).
 */
@ApplicationScoped
public class DataRegister {

    private static final Logger LOG = Logger.getLogger(DataRegister.class);

    /** An entry with its version metadata. */
    public record Versioned(DatasetEntry entry, long version, String changedBy, Instant changedAt) {
    }

    private final RegisterStore store;
    private final TenantRegistry tenants;
    private final RegisterSettings settings;
    private final MeterRegistry meters;
    private final RegisterClock clock;
    private final Map<String, Map<String, Versioned>> cache = new ConcurrentHashMap<>();
    /** Per tenant, a count of this instance's own changes: a refresh that overlapped one is not applied. */
    private final Map<String, AtomicLong> changes = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final Duration refreshInterval;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private long timer = -1;

    public DataRegister(RegisterStore store, TenantRegistry tenants, RegisterSettings settings, MeterRegistry meters,
            RegisterClock clock, Vertx vertx,
            @ConfigProperty(name = "civic.register.refresh-interval", defaultValue = "30S") Duration refreshInterval) {
        this.store = store;
        this.tenants = tenants;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        this.vertx = vertx;
        this.refreshInterval = refreshInterval;
    }

    void onStart(@Observes StartupEvent ev) {
        refresh().await().indefinitely();
        if (!refreshInterval.isZero() && !refreshInterval.isNegative()) {
            timer = vertx.setPeriodic(refreshInterval.toMillis(), id -> {
                if (refreshing.compareAndSet(false, true)) {
                    refresh().onTermination().invoke(() -> refreshing.set(false)).subscribe().with(x -> {
                    }, e -> LOG.warnf("Register refresh failed: %s", e.toString()));
                }
            });
        }
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Loads the stored entries of a tenant (after a tenant import); blocking. */
    public void load(Tenant t) {
        refresh(t).await().indefinitely();
    }

    /**
     * Re-reads every tenant's entries from the store (at start-up and every
     * {@code civic.register.refresh-interval}): entries another instance created, changed or deleted are
     * taken over; an entry is parsed again only when its stored version is newer than the one held.
     */
    public Uni<Void> refresh() {
        return tenants.names().onItem().transformToMulti(names -> {
                    List<Tenant> all = new ArrayList<>();
                    all.add(Tenant.DEFAULT);
                    names.forEach(n -> all.add(new Tenant(n)));
                    return Multi.createFrom().iterable(all);
                })
                .onItem().transformToUniAndConcatenate(this::refresh)
                .collect().last().replaceWithVoid();
    }

    /** Re-reads one tenant's entries; skipped (until the next refresh) when this instance changed one meanwhile. */
    Uni<Void> refresh(Tenant t) {
        AtomicLong counter = changes.computeIfAbsent(key(t), k -> new AtomicLong());
        long seen = counter.get();
        Map<String, Versioned> before = new HashMap<>(current(t));
        return store.currentIfAny(t).invoke(stored -> {
            if (counter.get() != seen) {
                return;
            }
            Map<String, Versioned> m = stored.isEmpty() && before.isEmpty() ? null : entries(t);
            if (m == null) {
                return;
            }
            Set<String> present = new HashSet<>();
            for (Version v : stored) {
                present.add(v.typeIri());
                Versioned have = m.get(v.typeIri());
                if (have != null && have.version() >= v.version()) {
                    continue;
                }
                try {
                    Versioned fresh = versioned(v);
                    m.merge(v.typeIri(), fresh, (a, b) -> a.version() >= b.version() ? a : b);
                } catch (RuntimeException e) {
                    LOG.errorf("Register entry %s of tenant %s cannot be read: %s", v.typeIri(), key(t), e.getMessage());
                }
            }
            before.forEach((iri, v) -> {
                if (!present.contains(iri)) {
                    m.remove(iri, v);
                }
            });
        }).replaceWithVoid();
    }

    private void changed(Tenant t) {
        changes.computeIfAbsent(key(t), k -> new AtomicLong()).incrementAndGet();
    }

    private Versioned versioned(Version v) {
        ObjectNode json = (ObjectNode) RequestReader.parse(v.json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // stored entries carry their expanded IRIs: a re-read never depends on a remote @context
        UnaryOperator<String> names = RegisterJson.storedNames(json, v.typeIri());
        DatasetEntry e = EntryParser.parse(json, names, true);
        return new Versioned(e, v.version(), v.changedBy(), v.changedAt());
    }

    private static String key(Tenant t) {
        return t.isDefault() ? "" : t.name();
    }

    private Map<String, Versioned> entries(Tenant t) {
        return cache.computeIfAbsent(key(t), k -> new ConcurrentHashMap<>());
    }

    /** The tenant's entries by type IRI (from memory; for the write path). */
    public Map<String, Versioned> current(Tenant tenant) {
        Map<String, Versioned> m = cache.get(key(tenant));
        return m == null ? Map.of() : m;
    }

    public List<Versioned> list(Tenant tenant) {
        return current(tenant).values().stream().sorted(java.util.Comparator.comparing(v -> v.entry().typeIri())).toList();
    }

    public Versioned get(Tenant tenant, String typeIri) {
        Versioned v = current(tenant).get(typeIri);
        if (v == null) {
            throw NgsiException.notFound("The data register has no entry for type " + typeIri);
        }
        return v;
    }

    /**
     * Creates or replaces the entry of a type. {@code expand} expands names with the request's @context;
     * the stored JSON records the expansions so that loading it again needs no @context.
     *
     * @return the stored version; version 1 means it was created
     */
    public Uni<Versioned> put(Tenant tenant, String pathType, JsonNode body, UnaryOperator<String> expand, String who) {
        if (body == null || !body.isObject()) {
            throw NgsiException.badData("A register entry is a JSON object");
        }
        ObjectNode json = ((ObjectNode) body).deepCopy();
        RegisterJson.stripServerMembers(json);
        if (!json.has("type")) {
            json.put("type", pathType);
        } else if (!expand.apply(json.path("type").asText()).equals(expand.apply(pathType))) {
            throw NgsiException.badData("The entry's type '" + json.path("type").asText() + "' is not the type of the URL, '"
                    + pathType + "'");
        }
        DatasetEntry entry = EntryParser.parse(json, expand, settings.pseudonymiser().enabled());
        ObjectNode stored = RegisterJson.withExpansions(entry);
        Versioned old = current(tenant).get(entry.typeIri());
        long next = old == null ? 1 : old.version() + 1;
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        Versioned result = new Versioned(entry, next, who, now);
        changed(tenant);
        return store.write(tenant, new Version(entry.typeIri(), next, stored.toString(), who, now)).call(ok -> ok
                        ? Uni.createFrom().voidItem() : refresh(tenant))  // another instance wrote that version: catch up
                .map(ok -> {
                    if (!ok) {
                        throw new NgsiException(ErrorType.CONFLICT, "The entry of " + entry.type() + " was changed concurrently; try again");
                    }
                    entries(tenant).put(entry.typeIri(), result);
                    changed(tenant);
                    return result;
                });
    }

    public Uni<Void> delete(Tenant tenant, String typeIri, String who) {
        Versioned old = get(tenant, typeIri);
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        changed(tenant);
        return store.write(tenant, new Version(typeIri, old.version() + 1, null, who, now)).call(ok -> ok
                        ? Uni.createFrom().voidItem() : refresh(tenant))
                .map(ok -> {
                    if (!ok) {
                        throw new NgsiException(ErrorType.CONFLICT, "The entry of " + typeIri + " was changed concurrently; try again");
                    }
                    entries(tenant).remove(typeIri);
                    changed(tenant);
                    return null;
                });
    }

    /** The tenant's publication profile with who set it and when; null when it has none (or does not exist). */
    public Uni<Version> profile(Tenant tenant) {
        return store.profile(tenant).onFailure(NgsiException.class).recoverWithNull();
    }

    /** A stored profile, parsed. */
    public PublicationProfile parseProfile(String json) {
        return PublicationProfile.parse(RequestReader.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public Uni<Version> putProfile(Tenant tenant, JsonNode body, String who) {
        JsonNode given = body;
        if (body != null && body.isObject()) {
            ObjectNode copy = ((ObjectNode) body).deepCopy();
            RegisterJson.stripServerMembers(copy);
            given = copy;
        }
        PublicationProfile p = PublicationProfile.parse(given);
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        return profile(tenant).chain(old -> {
            Version v = new Version("profile", old == null ? 1 : old.version() + 1, p.source().toString(), who, now);
            return store.putProfile(tenant, v).replaceWith(v);
        });
    }

    /** Every version of a type's entry, oldest first (404 when it never had one). */
    public Uni<List<Version>> versions(Tenant tenant, String typeIri) {
        return store.versions(tenant, typeIri).map(l -> {
            if (l.isEmpty()) {
                throw NgsiException.notFound("The data register never had an entry for type " + typeIri);
            }
            return l;
        });
    }

    /** Live figures of every type the tenant holds. */
    public Uni<List<TypeFigures>> figures(Tenant tenant) {
        return store.figures(tenant);
    }

    /** Types the tenant holds entities of that have no register entry, with their figures. */
    public Uni<List<TypeFigures>> undeclared(Tenant tenant) {
        return figures(tenant).map(all -> {
            Map<String, Versioned> declared = current(tenant);
            return all.stream().filter(f -> !declared.containsKey(f.typeIri())).toList();
        });
    }

    public Uni<List<DisposalRecord>> disposals(Tenant tenant, String typeIri, int limit) {
        return store.disposals(tenant, typeIri, limit);
    }

    /** Up to {@code limit} entities of a type, in id order (the transparency map). */
    public Uni<List<org.civicbroker.model.Entity>> entities(Tenant tenant, String typeIri, int limit) {
        return store.entities(tenant, typeIri, limit);
    }

    Uni<Void> recordDisposal(Tenant tenant, DisposalRecord r) {
        return store.addDisposal(tenant, r);
    }

    /** Counts a write of a type without an entry: {@code ngsild_register_undeclared_writes_total{tenant,type}}. */
    void countUndeclared(Tenant tenant, String typeIri) {
        meters.counter("ngsild.register.undeclared.writes", "tenant", tenant.isDefault() ? "default" : tenant.name(),
                "type", typeIri).increment();
    }

    /** Tenants with register entries (the retention job visits these). */
    List<Tenant> tenantsWithEntries() {
        List<Tenant> out = new ArrayList<>();
        cache.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.add(k.isEmpty() ? Tenant.DEFAULT : new Tenant(k));
            }
        });
        return out;
    }

    Multi<Tenant> tenants() {
        return Multi.createFrom().iterable(tenantsWithEntries());
    }
}

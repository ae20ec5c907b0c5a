package org.civicbroker.registration;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Entity;
import org.civicbroker.query.EntityQuery;
import org.civicbroker.query.QueryService;
import org.civicbroker.query.lang.BoolExpr;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.tenancy.Tenant;
import org.jboss.logging.Logger;

/**
 * Decides registration writes (clauses 5.9.2-5.9.4): the conflicts the proxied modes forbid (clause
 * 5.9.2.4: an exclusive registration overlapping another exclusive or redirect one, or an entity this
 * broker holds that contains one of the Attributes the registration defines; a redirect registration
 * matching an entity held here),
 * storing and then publishing to the in-memory registry, and the deletion of registrations whose
 * {@code expiresAt} has passed.
 */
@ApplicationScoped
public class RegistrationService {

    private static final Logger LOG = Logger.getLogger(RegistrationService.class);

    private final RegistrationRegistry registry;
    private final QueryService queries;
    private final Vertx vertx;
    private final Clock clock;

    public RegistrationService(RegistrationRegistry registry, QueryService queries, Vertx vertx) {
        this.registry = registry;
        this.queries = queries;
        this.vertx = vertx;
        this.clock = Clock.systemUTC();
    }

    void onStart(@Observes StartupEvent ev) {
        vertx.setPeriodic(1000, id -> purgeExpired());
    }

    public Instant now() {
        return clock.instant();
    }

    public RegistrationRegistry registry() {
        return registry;
    }

    public Uni<Void> create(Tenant tenant, Registration r) {
        if (registry.get(tenant.name(), r.id()) != null) {
            return Uni.createFrom().failure(new NgsiException(ErrorType.ALREADY_EXISTS, "Registration " + r.id() + " already exists"));
        }
        return checkConflicts(tenant, r)
                .chain(() -> registry.store().insert(tenant, r))
                .invoke(() -> registry.put(r));
    }

    public Uni<Void> replace(Tenant tenant, Registration r) {
        return checkConflicts(tenant, r)
                .chain(() -> registry.store().replace(tenant, r))
                .invoke(() -> registry.put(r));
    }

    public Uni<Void> delete(Tenant tenant, String id) {
        return registry.store().delete(tenant, id).invoke(() -> registry.remove(tenant.name(), id)).replaceWithVoid();
    }

    /** Clause 5.9.2.4 (and 5.9.3.4 for updates): the conflicts of exclusive and redirect registrations. */
    Uni<Void> checkConflicts(Tenant tenant, Registration r) {
        if (r.mode() == Mode.EXCLUSIVE) {
            for (Registration other : registry.live(tenant.name(), now())) {
                if (!other.id().equals(r.id()) && other.mode().proxied() && overlaps(r, other)) {
                    return conflict("Registration " + other.id() + " (" + other.mode().keyword
                            + ") already registers these attributes of the entity");
                }
            }
            return firstHeld(tenant, r, true).chain(e -> e == null ? Uni.createFrom().voidItem()
                    : conflict("Entity " + e.id() + " is held by this broker with attributes the exclusive registration names"));
        }
        if (r.mode() == Mode.REDIRECT) {
            return firstHeld(tenant, r, false).chain(e -> e == null ? Uni.createFrom().voidItem()
                    : conflict("Entity " + e.id() + " held by this broker matches the redirect registration"));
        }
        return Uni.createFrom().voidItem();
    }

    private static Uni<Void> conflict(String detail) {
        return Uni.createFrom().failure(new NgsiException(ErrorType.CONFLICT, detail));
    }

    /**
     * Whether an exclusive registration names an entity id and attribute that the other (exclusive or
     * redirect) registration also covers. Exclusive registrations are about single entities (clause
     * 4.3.6.3), so only their entity ids are compared; an EntityInfo without id does not conflict.
     */
    static boolean overlaps(Registration exclusive, Registration other) {
        for (Registration.Info info : exclusive.information()) {
            for (Registration.EntityInfo e : info.entities()) {
                if (e.id() == null) {
                    continue;
                }
                for (Registration.Info o : other.information()) {
                    boolean entity = o.entities().isEmpty() || o.entities().stream().anyMatch(x -> x.covers(e.id(), e.types()));
                    if (!entity) {
                        continue;
                    }
                    Set<String> mine = info.attributes();
                    Set<String> theirs = o.attributes();
                    if (mine.isEmpty() || theirs.isEmpty() || mine.stream().anyMatch(theirs::contains)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The first entity held here that the registration matches (with one of its registered attributes, when
     * it names attributes), or null. For exclusive registrations ({@code exclusive} true) only the entities
     * named by id count, and only a RegistrationInfo that defines Attributes can conflict: clause 5.9.2.4
     * raises Conflict when "the existing Entity contains any of the Attributes defined in the
     * registration", which a RegistrationInfo without propertyNames or relationshipNames does not define
     * (the redirect rule, "an existing Entity already matches the Context Source Registration", has no such
     * bound and is checked for every RegistrationInfo).
     */
    private Uni<Entity> firstHeld(Tenant tenant, Registration r, boolean exclusive) {
        List<EntityQuery> checks = new ArrayList<>();
        for (Registration.Info info : r.information()) {
            if (exclusive && info.attributes().isEmpty()) {
                continue;
            }
            List<EntityQuery.Selector> selectors = new ArrayList<>();
            for (Registration.EntityInfo e : info.entities()) {
                if (exclusive && e.id() == null) {
                    continue;
                }
                selectors.add(new EntityQuery.Selector(e.id() == null ? List.of() : List.of(e.id()),
                        e.idPattern() == null ? null : e.idPattern().pattern(), types(e.types())));
            }
            if (selectors.isEmpty() && (exclusive || !info.entities().isEmpty())) {
                continue;
            }
            checks.add(new EntityQuery(selectors, info.attributes(), null, null, null));
        }
        return firstOf(tenant, checks, 0);
    }

    private Uni<Entity> firstOf(Tenant tenant, List<EntityQuery> checks, int i) {
        if (i >= checks.size()) {
            return Uni.createFrom().nullItem();
        }
        return queries.query(tenant, checks.get(i), QueryService.Paging.byId(0, 1, false), Optional.of(Set.of()))
                .onFailure().recoverWithItem(new QueryService.Page(List.of(), null, false))
                .chain(p -> p.entities().isEmpty() ? firstOf(tenant, checks, i + 1) : Uni.createFrom().item(p.entities().get(0)));
    }

    static TypeQuery types(List<String> types) {
        if (types.size() == 1) {
            return new TypeQuery(new BoolExpr.Leaf<>(types.get(0)));
        }
        List<BoolExpr<String>> leaves = new ArrayList<>();
        types.forEach(t -> leaves.add(new BoolExpr.Leaf<>(t)));
        return new TypeQuery(new BoolExpr.Or<>(leaves));
    }

    /** Clause 5.9.2.4: a registration is deleted when its expiresAt is reached. */
    void purgeExpired() {
        for (Registration r : registry.expired(now())) {
            registry.store().delete(new Tenant(r.tenant()), r.id())
                    .invoke(() -> registry.remove(r.tenant(), r.id()))
                    .subscribe().with(x -> { }, e -> LOG.warnf("Expired registration %s not deleted: %s", r.id(), e.getMessage()));
        }
    }
}

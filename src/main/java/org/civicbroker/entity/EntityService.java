package org.civicbroker.entity;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.events.ChangeEvents;
import org.civicbroker.events.EntityChange;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityRepository;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.register.WriteAdmission;

/**
 * Entity provision (clause 5.6): stores the changes computed by {@link EntityMerges} and emits one
 * {@link EntityChange} per changed entity. Updates are read-modify-write with an optimistic version
 * check, retried when another writer got there first.
 */
@ApplicationScoped
public class EntityService {

    private static final int MAX_ATTEMPTS = 8;

    /** What an update function decided: the new entity (null = nothing to store) and a result to return. */
    public record Change<R>(Entity after, R result) {
    }

    private final EntityRepository repository;
    private final ChangeEvents events;
    private final WriteAdmission admission;

    public EntityService(EntityRepository repository, ChangeEvents events, WriteAdmission admission) {
        this.repository = repository;
        this.events = events;
        this.admission = admission;
    }

    /** Timestamps are kept to the millisecond, the precision the store keeps. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public Uni<Entity> create(Tenant tenant, Entity entity) {
        return create(tenant, entity, Operation.CREATE);
    }

    /** Creates the entity and announces the change as {@code op} (409 AlreadyExists when the id is taken). */
    public Uni<Entity> create(Tenant tenant, Entity entity, Operation op) {
        Entity stamped = admission.admit(tenant, EntityMerges.stampNew(entity, now()));
        return repository.insert(tenant, stamped)
                .call(() -> publish(tenant, op, stamped.id(), null, stamped))
                .replaceWith(stamped);
    }

    public Uni<Entity> retrieve(Tenant tenant, String id) {
        return retrieve(tenant, id, null);
    }

    /**
     * The entity; 404 when there is none with this id or, with a type selector (the optional "selector of
     * Entity types" of clauses 5.6.x.3 and 5.7.1.3), none whose types it matches.
     */
    public Uni<Entity> retrieve(Tenant tenant, String id, TypeQuery type) {
        return repository.find(tenant, id).map(v -> {
            if (v == null || !matches(v.entity(), type)) {
                throw notFound(id);
            }
            return v.entity();
        });
    }

    public Uni<Void> delete(Tenant tenant, String id) {
        return delete(tenant, id, null);
    }

    /** Deletes the entity with this id (and, with a type selector, matching types); 404 otherwise. */
    public Uni<Void> delete(Tenant tenant, String id, TypeQuery type) {
        return repository.delete(tenant, id, type).call(before -> {
            if (before == null) {
                return Uni.createFrom().failure(notFound(id));
            }
            return publish(tenant, Operation.DELETE, id, before, null);
        }).replaceWithVoid();
    }

    /**
     * Applies {@code change} to the stored entity and stores the result, retrying on a concurrent
     * write. 404 when the entity does not exist.
     */
    public <R> Uni<R> update(Tenant tenant, String id, Operation op, Function<Entity, Change<R>> change) {
        return update(tenant, id, null, op, change);
    }

    /** As {@link #update(Tenant, String, Operation, Function)}, for an entity whose types match {@code type}. */
    public <R> Uni<R> update(Tenant tenant, String id, TypeQuery type, Operation op, Function<Entity, Change<R>> change) {
        return attempt(tenant, id, type, op, change, 1);
    }

    private <R> Uni<R> attempt(Tenant tenant, String id, TypeQuery type, Operation op, Function<Entity, Change<R>> change,
            int n) {
        return repository.find(tenant, id).chain(found -> {
            if (found == null || !matches(found.entity(), type)) {
                return Uni.createFrom().failure(notFound(id));
            }
            Change<R> c = change.apply(found.entity());
            if (c.after() == null) {
                return Uni.createFrom().item(c.result());
            }
            Entity after = admission.admit(tenant, c.after());
            return repository.replace(tenant, after, found.version()).chain(stored -> {
                if (stored) {
                    return publish(tenant, op, id, found.entity(), after).replaceWith(c.result());
                }
                if (n >= MAX_ATTEMPTS) {
                    return Uni.createFrom().failure(new NgsiException(ErrorType.CONFLICT,
                            "Entity " + id + " is being changed concurrently; try again"));
                }
                return attempt(tenant, id, type, op, change, n + 1);
            });
        });
    }

    private Uni<Void> publish(Tenant tenant, Operation op, String id, Entity before, Entity after) {
        return events.publish(new EntityChange(tenant.name(), op, id, before, after, after != null ? after.modifiedAt() : now()));
    }

    private static boolean matches(Entity e, TypeQuery type) {
        return type == null || type.matches(e.types());
    }

    static NgsiException notFound(String id) {
        return NgsiException.notFound("Entity " + id + " not found");
    }

}

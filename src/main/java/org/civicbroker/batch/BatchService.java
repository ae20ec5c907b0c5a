package org.civicbroker.batch;

import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import com.mongodb.client.model.Filters;
import java.util.Date;
import org.bson.conversions.Bson;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.batch.BatchPlans.Target;
import org.civicbroker.batch.BatchRepository.Outcome;
import org.civicbroker.batch.BatchRepository.Write;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.entity.EntityService;
import org.civicbroker.events.ChangeEvents;
import org.civicbroker.events.EntityChange;
import org.civicbroker.events.EntityChange.Operation;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityRepository.Versioned;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.register.WriteAdmission;
import org.jboss.logging.Logger;

/**
 * Runs batch operations: per round one read of the targeted entities ({@code $in}), the changes applied
 * on the model (the single-entity update semantics of {@link org.civicbroker.entity.EntityMerges}), each
 * changed entity validated, one unordered bulk write; entities another writer changed in between are
 * retried from a fresh read (up to {@value #MAX_ROUNDS} rounds, then 409 Conflict for them). Then one
 * {@link ChangeEvents#publish(List)} with one change per changed entity, whose commit covers the batch.
 */
@ApplicationScoped
public class BatchService {

    static final int MAX_ROUNDS = 8;
    private static final Logger LOG = Logger.getLogger(BatchService.class);

    private final BatchRepository repository;
    private final ChangeEvents events;
    private final WriteAdmission admission;

    public BatchService(BatchRepository repository, ChangeEvents events, WriteAdmission admission) {
        this.repository = repository;
        this.events = events;
        this.admission = admission;
    }

    /**
     * What one run collects: the changes to announce once the run is over, and per entity the attributes
     * its elements left untouched on purpose (batch update with noOverwrite).
     */
    private static final class Run {
        final List<EntityChange> changes = new ArrayList<>();
        final Map<String, List<String>> skipped = new LinkedHashMap<>();
    }

    /**
     * Records a done entity: a success, unless attributes were left as they were (noOverwrite), which is
     * a partial success reported as the entity's error, as Append Attributes answers 207 for it (5.6.3).
     */
    private static void succeeded(String id, boolean created, BatchResult result, Run run) {
        List<String> skipped = run.skipped.get(id);
        if (skipped == null) {
            result.success(id, created);
        } else {
            result.error(id, -1, NgsiException.badData("Attributes not overwritten (options=noOverwrite): "
                    + String.join(", ", skipped)));
        }
    }

    /** Creates, upserts, updates or merges the targets; per-entity outcomes go to {@code result}. */
    Uni<Void> write(Tenant tenant, BatchPlans.Kind kind, List<Target> targets, BatchResult result) {
        if (targets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Run run = new Run();
        return repository.collection(tenant, kind.createsTenant())
                .chain(c -> round(c, tenant, kind, targets, result, run, 1))
                .chain(() -> finish(run));
    }

    private Uni<Void> round(MongoCollection<Document> c, Tenant tenant, BatchPlans.Kind kind, List<Target> targets,
            BatchResult result, Run run, int round) {
        // Create needs no read: an id that exists already fails the insert (duplicate key) and is reported.
        Uni<Map<String, Versioned>> read = kind == BatchPlans.Kind.CREATE
                ? Uni.createFrom().item(Map.of())
                : repository.find(c, targets.stream().map(Target::id).toList(), null);
        return read.chain(found -> {
            Instant now = EntityService.now();
            Map<String, Target> byId = new LinkedHashMap<>();
            Map<String, Entity> before = new LinkedHashMap<>();
            List<Write> writes = new ArrayList<>();
            for (Target t : targets) {
                Versioned stored = found.get(t.id());
                Entity old = stored == null ? null : stored.entity();
                List<String> skipped = new ArrayList<>();
                Entity after = apply(tenant, t, old, now, skipped, result);
                if (after == null) {
                    continue;  // error recorded
                }
                if (!skipped.isEmpty()) {
                    run.skipped.put(t.id(), skipped);
                }
                if (after == old) {
                    succeeded(t.id(), false, result, run);  // nothing to change: nothing to store or announce
                    continue;
                }
                byId.put(t.id(), t);
                before.put(t.id(), old);
                writes.add(new Write(after, stored == null ? null : stored.version()));
            }
            return repository.write(c, writes).chain(o -> {
                List<Target> retry = settle(tenant, kind, writes, before, byId, o, result, run, round);
                if (!retry.isEmpty()) {
                    LOG.debugf("Batch round %d: %d entities changed concurrently, retrying", round, retry.size());
                }
                return retry.isEmpty() ? Uni.createFrom().voidItem() : round(c, tenant, kind, retry, result, run, round + 1);
            });
        });
    }

    /** The entity after the target's elements, in order, and validated; null (error recorded) if refused. */
    private Entity apply(Tenant tenant, Target t, Entity old, Instant now, List<String> skipped, BatchResult result) {
        Entity current = old;
        for (int i = 0; i < t.steps().size(); i++) {
            try {
                current = t.steps().get(i).apply(current, now, skipped);
            } catch (NgsiException e) {
                result.error(t.id(), t.indexes().get(i), e);
                return null;
            }
        }
        if (current == old) {
            return current;
        }
        try {
            return admission.admit(tenant, current);
        } catch (NgsiException e) {
            result.error(t.id(), t.indexes().size() == 1 ? t.indexes().get(0) : -1, e);
            return null;
        }
    }

    /** Records what the bulk write did; returns the targets to retry. */
    private List<Target> settle(Tenant tenant, BatchPlans.Kind kind, List<Write> writes, Map<String, Entity> before,
            Map<String, Target> byId, Outcome o, BatchResult result, Run run, int round) {
        List<Entity> stored = new ArrayList<>();
        List<Target> retry = new ArrayList<>();
        for (Write w : writes) {
            String id = w.after().id();
            Entity old = before.get(id);
            if (o.done().contains(id)) {
                stored.add(w.after());
                succeeded(id, old == null, result, run);
                run.changes.add(new EntityChange(tenant.name(), old == null ? Operation.CREATE : kind.operation(), id,
                        old, w.after(), w.after().modifiedAt()));
            } else if (o.failed().containsKey(id)) {
                result.error(id, -1, o.failed().get(id));
            } else if (kind == BatchPlans.Kind.CREATE) {
                result.error(id, -1, new NgsiException(ErrorType.ALREADY_EXISTS, "Entity " + id + " already exists"));
            } else if (round >= MAX_ROUNDS) {
                result.error(id, -1, conflict(id));
            } else {
                retry.add(byId.get(id));
            }
        }
        repository.indexStored(tenant, stored);
        return retry;
    }

    /**
     * Deletes the entities with these ids that match {@code condition} (null: any). An id that is not
     * stored is a 404 error when {@code missingIsError} (batch delete), skipped otherwise (purge).
     */
    Uni<Void> delete(Tenant tenant, List<String> ids, Bson condition, boolean missingIsError, BatchResult result) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Run run = new Run();
        return repository.collection(tenant, false)
                .chain(c -> deleteRound(c, tenant, ids, condition, missingIsError, result, run, 1))
                .chain(() -> finish(run));
    }

    private Uni<Void> deleteRound(MongoCollection<Document> c, Tenant tenant, List<String> ids, Bson condition,
            boolean missingIsError, BatchResult result, Run run, int round) {
        return repository.find(c, ids, condition).chain(found -> {
            Map<String, Long> versions = new LinkedHashMap<>();
            for (String id : ids) {
                Versioned v = found.get(id);
                if (v != null) {
                    versions.put(id, v.version());
                } else if (missingIsError) {
                    result.error(id, -1, NgsiException.notFound("Entity " + id + " not found"));
                }
            }
            return repository.delete(c, versions).chain(o -> {
                Instant now = EntityService.now();
                List<String> retry = new ArrayList<>();
                for (String id : versions.keySet()) {
                    if (o.done().contains(id)) {
                        result.success(id, false);
                        run.changes.add(new EntityChange(tenant.name(), Operation.DELETE, id, found.get(id).entity(), null, now));
                    } else if (o.failed().containsKey(id)) {
                        result.error(id, -1, o.failed().get(id));
                    } else if (round >= MAX_ROUNDS) {
                        result.error(id, -1, conflict(id));
                    } else {
                        retry.add(id);
                    }
                }
                repository.indexDeleted(tenant, o.done());
                return retry.isEmpty() ? Uni.createFrom().voidItem()
                        : deleteRound(c, tenant, retry, condition, missingIsError, result, run, round + 1);
            });
        });
    }

    /**
     * Retention (issue 17): deletes up to {@code limit} entities of type {@code typeIri} not modified since
     * {@code cutoff}, through the same path as a purge, so subscriptions are notified and the history
     * records the deletions. The condition is checked again at deletion, so an entity updated in between
     * stays. Answers how many were deleted (0 when the tenant does not exist).
     */
    public Uni<Integer> deleteNotModifiedSince(Tenant tenant, String typeIri, Instant cutoff, int limit) {
        Bson condition = Filters.and(Filters.eq(EntityDocuments.TYPE, typeIri),
                Filters.lt(EntityDocuments.MODIFIED_AT, Date.from(cutoff)));
        BatchResult result = new BatchResult();
        return repository.collection(tenant, false)
                .chain(c -> repository.ids(c, condition, limit))
                .chain(ids -> delete(tenant, ids, condition, false, result))
                .map(v -> result.success().size())
                .onFailure(NgsiException.class).recoverWithItem(0);
    }

    /** One publication of all the batch's changes; its journal commit makes the batch's writes durable too. */
    private Uni<Void> finish(Run run) {
        return events.publish(List.copyOf(run.changes));
    }

    private static NgsiException conflict(String id) {
        return new NgsiException(ErrorType.CONFLICT, "Entity " + id + " is being changed concurrently; try again");
    }
}

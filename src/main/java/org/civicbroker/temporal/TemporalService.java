package org.civicbroker.temporal;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.events.ChangeJournal;
import org.civicbroker.model.Attribute;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.Rx;
import org.civicbroker.tenancy.Tenant;
import org.civicbroker.temporal.TemporalWriter.Placed;
import org.civicbroker.register.HistoryPolicy;
import org.civicbroker.register.WriteAdmission;
import org.civicbroker.temporal.TemporalWriter.Placed;

/**
 * Temporal provision (clauses 5.6.11-5.6.16): create/upsert, add attribute instances, delete the
 * temporal entity, an attribute's history, or one instance, and correct one instance.
 */
@ApplicationScoped
public class TemporalService {

    private final TemporalStore store;
    private final WriteAdmission admission;
    private final HistoryPolicy policy;
    private final LiveEntities live;

    /**
     * How long a deletion of history waits for the recorder to handle the changes acknowledged before it
     * (normally milliseconds; a recorder far behind a burst of writes is not waited for longer).
     */
    private static final java.time.Duration RECORDER_WAIT = java.time.Duration.ofSeconds(10);
    private final ChangeJournal journal;

    public TemporalService(TemporalStore store, WriteAdmission admission, HistoryPolicy policy, LiveEntities live,
            ChangeJournal journal) {
        this.journal = journal;
        this.store = store;
        this.admission = admission;
        this.policy = policy;
        this.live = live;
    }

    /** Clause 5.6.11: true when the temporal entity was created (201), false when instances were added (204). */
    public Uni<Boolean> create(Tenant tenant, TemporalPayload p) {
        Instant now = Instant.now();
        Entity latest = policy.forHistory(tenant, admission.admit(tenant, p.latest(p.types(), p.scopes(), now)));
        TemporalBatch batch = new TemporalBatch();
        batch.place(p.id(), admitted(tenant, latest.types(), p.placed(now)), old -> merged(old, latest, p.types(), p.scopes()));
        return store.forWrite(tenant)
                .chain(db -> TemporalWriter.write(db, batch))
                .map(created -> created.contains(p.id()))
                .call(store::afterWrite)
                .call(() -> live.upsert(tenant, p.id(), p.types(), p.scopes(), p.latest(p.types(), p.scopes(), now).attributes()));
    }

    /** Clause 5.6.12: adds instances to an existing temporal entity (404 otherwise). */
    public Uni<Void> append(Tenant tenant, TemporalPayload p) {
        Instant now = Instant.now();
        return store.forRead(tenant).chain(db -> store.record(db, p.id()).chain(r -> {
            if (r == null) {
                return Uni.createFrom().failure(NgsiException.notFound("No temporal entity " + p.id()));
            }
            Entity given = p.latest(r.state().types(), r.state().scopes(), now);
            admission.admit(tenant, merged(r, given, null, null).state());
            Entity latest = policy.forHistory(tenant, policy.onWrite(tenant, given));
            TemporalBatch batch = new TemporalBatch();
            batch.place(p.id(), admitted(tenant, r.state().types(), p.placed(now)), old -> merged(old, latest, null, null));
            return TemporalWriter.write(db, batch).replaceWith(r.state().types());
        })).call(store::afterWrite)
                // the live entity takes the instances as sent: its own write path admits them (register policy)
                .call(types -> live.upsert(tenant, p.id(), types, null, p.latest(types, null, now).attributes()))
                .replaceWithVoid();
    }

    /**
     * The instances as the register's personal-attribute handling lets them into the history: those kept
     * out of history dropped, pseudonymised ones hashed ({@link HistoryPolicy}).
     */
    private List<Placed> admitted(Tenant tenant, List<String> types, List<Placed> placed) {
        List<Placed> out = new ArrayList<>(placed.size());
        for (Placed x : placed) {
            switch (policy.handling(tenant, types, x.attribute())) {
                case KEEP_OUT_OF_HISTORY -> {
                }
                case PSEUDONYMISE -> out.add(new Placed(x.attribute(), new TemporalInstance(x.instance().instanceId(),
                        policy.pseudonymised(x.attribute(), x.instance().attribute()), x.instance().deletedAt())));
                default -> out.add(x);
            }
        }
        return out;
    }

    /** The record with the latest instances laid over its state; types added, scopes replaced when given. */
    private static TemporalRecord merged(TemporalRecord old, Entity latest, List<String> types, List<String> scopes) {
        if (old == null) {
            return new TemporalRecord(latest, null, Map.of());
        }
        Entity s = old.state();
        LinkedHashSet<String> allTypes = new LinkedHashSet<>(s.types());
        if (types != null) {
            allTypes.addAll(types);
        }
        Map<String, List<Attribute>> attrs = s.mutableAttributes();
        latest.attributes().forEach((iri, instances) -> {
            List<Attribute> line = attrs.computeIfAbsent(iri, k -> new ArrayList<>());
            for (Attribute a : instances) {
                line.removeIf(x -> Objects.equals(x.datasetId(), a.datasetId()));
                line.add(a);
            }
        });
        Entity state = new Entity(s.id(), new ArrayList<>(allTypes), scopes != null ? scopes : s.scopes(), s.createdAt(),
                latest.modifiedAt(), attrs);
        return new TemporalRecord(state, old.deletedAt(), old.series());
    }

    /**
     * Deletions of history come after the recorder has handled every change acknowledged before them: a
     * client deleting an entity and then its history (DELETE /entities/{id}, DELETE /temporal/entities/{id})
     * must not find the entity's deletion recorded afterwards into a history of deletion instances only.
     */
    private Uni<Void> recorded() {
        return journal.awaitHandled(TemporalRecorder.NAME, RECORDER_WAIT);
    }

    /** Clause 5.6.16: the temporal entity and all its history. */
    public Uni<Void> delete(Tenant tenant, String id) {
        return recorded().chain(() -> existing(tenant, id)).chain(x -> {
            List<String> keys = new ArrayList<>();
            x.record().series().values().forEach(s -> keys.addAll(s.bucketKeys(null, null)));
            return TemporalStore.deleteBuckets(x.db(), keys)
                    .chain(() -> Rx.uni(TemporalStore.entities(x.db()).deleteOne(Filters.eq("_id", id))));
        }).call(store::afterWrite).replaceWithVoid();
    }

    /**
     * Clause 5.6.13: the history of the attribute: the default instance line, the line of
     * {@code datasetId}, or every line with {@code deleteAll}.
     */
    public Uni<Void> deleteAttribute(Tenant tenant, String id, String attr, String datasetId, boolean deleteAll) {
        return recorded().chain(() -> existing(tenant, id)).chain(x -> {
            List<Series> lines = x.record().seriesOf(attr).stream()
                    .filter(s -> deleteAll || Objects.equals(s.datasetId(), datasetId)).toList();
            if (lines.isEmpty()) {
                return Uni.createFrom().failure(NgsiException.notFound("Temporal entity " + id + " has no such attribute"
                        + (datasetId == null ? "" : " with datasetId " + datasetId)));
            }
            List<String> keys = new ArrayList<>();
            lines.forEach(s -> keys.addAll(s.bucketKeys(null, null)));
            return TemporalStore.deleteBuckets(x.db(), keys).chain(() -> TemporalStore.mutate(TemporalStore.entities(x.db()), id, old -> {
                if (old == null) {
                    return null;
                }
                TemporalRecord r = TemporalRecord.fromDocument(old);
                Map<String, Series> series = new LinkedHashMap<>(r.series());
                lines.forEach(s -> series.remove(s.key()));
                Map<String, List<Attribute>> attrs = r.state().mutableAttributes();
                List<Attribute> line = attrs.getOrDefault(attr, new ArrayList<>());
                line.removeIf(a -> deleteAll || Objects.equals(a.datasetId(), datasetId));
                return new TemporalRecord(r.state().withAttributes(attrs), r.deletedAt(), series).toDocument();
            }));
        }).call(store::afterWrite);
    }

    /** Clause 5.6.15: one instance, by instanceId. */
    public Uni<Void> deleteInstance(Tenant tenant, String id, String attr, String instanceId) {
        return locate(tenant, id, attr, instanceId).chain(l -> {
            TemporalBatch batch = new TemporalBatch();
            batch.bucket(l.series().key(), l.day(), points -> without(points, instanceId));
            return TemporalWriter.write(l.db(), batch);
        }).call(store::afterWrite).replaceWithVoid();
    }

    /**
     * Clause 5.6.14: replaces the content of one instance (a correction), keeping its instanceId,
     * datasetId and createdAt. A changed observedAt may move it to another day's bucket.
     */
    public Uni<Void> patchInstance(Tenant tenant, String id, String attr, String instanceId,
            java.util.function.Supplier<Attribute> body) {
        Instant now = Instant.now();
        return locate(tenant, id, attr, instanceId).chain(l -> {
            Attribute given = body.get();  // read after the lookup: an unknown instance is 404 whatever the body
            Attribute old = l.instance().attribute();
            Attribute a = new Attribute(given.type(), given.value(), old.datasetId(), given.observedAt(), given.unitCode(),
                    given.objectType(), old.createdAt(), now, given.subAttributes());
            TemporalInstance next = new TemporalInstance(instanceId, a, null);
            LocalDate day = BucketKeys.day(next.bucketTime());
            TemporalBatch batch = new TemporalBatch();
            if (day.equals(l.day())) {
                batch.bucket(l.series().key(), day, points -> points.stream()
                        .map(p -> p.instanceId().equals(instanceId) ? next : p).toList());
            } else {
                // moves to another day's bucket: out of this one, into that one (the series widened to it)
                batch.bucket(l.series().key(), l.day(), points -> without(points, instanceId));
                batch.place(id, List.of(new Placed(attr, next)), r -> r);
            }
            return TemporalWriter.write(l.db(), batch);
        }).call(store::afterWrite).replaceWithVoid();
    }

    private static List<TemporalInstance> without(List<TemporalInstance> points, String instanceId) {
        return points.stream().filter(p -> !p.instanceId().equals(instanceId)).toList();
    }

    private record Existing(MongoDatabase db, TemporalRecord record) {
    }

    private record Located(MongoDatabase db, Series series, LocalDate day, TemporalInstance instance) {
    }

    private Uni<Existing> existing(Tenant tenant, String id) {
        return store.forRead(tenant).chain(db -> store.record(db, id).map(r -> {
            if (r == null) {
                throw NgsiException.notFound("No temporal entity " + id);
            }
            return new Existing(db, r);
        }));
    }

    /** Finds the instance in the buckets of the attribute's lines (404 when absent). */
    private Uni<Located> locate(Tenant tenant, String id, String attr, String instanceId) {
        return existing(tenant, id).chain(x -> {
            List<Series> lines = x.record().seriesOf(attr);
            Map<String, Series> bySeries = new LinkedHashMap<>();
            List<String> keys = new ArrayList<>();
            lines.forEach(s -> {
                bySeries.put(s.key(), s);
                keys.addAll(s.bucketKeys(null, null));
            });
            return TemporalStore.byIds(TemporalStore.buckets(x.db()), keys).map(buckets -> {
                for (Document b : buckets) {
                    for (TemporalInstance i : BucketCodec.instances(b)) {
                        if (i.instanceId().equals(instanceId)) {
                            return new Located(x.db(), bySeries.get(b.getString(BucketCodec.SERIES)),
                                    LocalDate.parse(b.getString(BucketCodec.DAY)), i);
                        }
                    }
                }
                throw NgsiException.notFound("Temporal entity " + id + " has no instance " + instanceId + " of that attribute");
            });
        });
    }
}

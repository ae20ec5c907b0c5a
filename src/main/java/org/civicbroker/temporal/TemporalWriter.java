package org.civicbroker.temporal;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Appends instances to temporal storage: first the entity record (its series widened to the new
 * days), then each touched bucket once, skipping instances whose instanceId the bucket already has, so
 * that writing the same instances again (a change delivered twice) changes nothing.
 */
final class TemporalWriter {

    /** An instance of an attribute. */
    record Placed(String attribute, TemporalInstance instance) {
    }

    private TemporalWriter() {
    }

    /**
     * @param change the record change besides the series (null argument when the entity has no record yet)
     * @return whether the record was created by this write
     */
    static Uni<Boolean> write(MongoDatabase db, String entityId, List<Placed> instances,
            UnaryOperator<TemporalRecord> change) {
        AtomicBoolean created = new AtomicBoolean();
        Map<String, Map<LocalDate, List<TemporalInstance>>> byBucket = new LinkedHashMap<>();
        Map<String, Series> touched = new LinkedHashMap<>();
        for (Placed p : instances) {
            TemporalInstance i = p.instance();
            LocalDate day = BucketKeys.day(i.bucketTime());
            Series s = Series.of(entityId, p.attribute(), i.attribute().datasetId(), i.attribute().type(), day);
            touched.merge(s.key(), s, (a, b) -> a.including(day, i.deleted() ? a.type() : i.attribute().type()));
            byBucket.computeIfAbsent(s.key(), k -> new LinkedHashMap<>()).computeIfAbsent(day, d -> new ArrayList<>()).add(i);
        }
        Uni<Void> record = TemporalStore.mutate(TemporalStore.entities(db), entityId, old -> {
            created.set(old == null);
            TemporalRecord r = change.apply(old == null ? null : TemporalRecord.fromDocument(old));
            if (r == null) {
                return old;
            }
            Map<String, Series> series = new LinkedHashMap<>(r.series());
            touched.forEach((key, s) -> series.merge(key, s, (a, b) -> a.including(b.first(), b.type()).including(b.last(), b.type())));
            return new TemporalRecord(r.state(), r.deletedAt(), series).toDocument();
        });
        List<Uni<Void>> bucketWrites = new ArrayList<>();
        byBucket.forEach((series, days) -> days.forEach((day, added) -> bucketWrites.add(
                TemporalStore.changeBucket(db, series, day, points -> {
                    Set<String> present = new HashSet<>();
                    points.forEach(x -> present.add(x.instanceId()));
                    List<TemporalInstance> next = new ArrayList<>(points);
                    added.stream().filter(x -> present.add(x.instanceId())).forEach(next::add);
                    return next;
                }))));
        return record.chain(() -> Multi.createFrom().iterable(bucketWrites)
                        .onItem().transformToUniAndConcatenate(u -> u)
                        .collect().last())
                .map(x -> created.get());
    }
}

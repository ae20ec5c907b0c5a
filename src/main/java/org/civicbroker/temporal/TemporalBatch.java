package org.civicbroker.temporal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.civicbroker.temporal.TemporalWriter.Placed;

/**
 * What one round of temporal writes does, as changes per document applied in the order they were
 * added: to entity records ({@code temporalEntities}) and to the points of day buckets
 * ({@code temporalBuckets}). {@link TemporalWriter} reads every touched document once, applies its
 * changes in memory and writes it once, so several changes of one entity or one bucket in a batch
 * compose exactly as if they had been written one after the other. Changes are functions of the
 * stored state, so a write lost to a concurrent writer is redone by applying them to a fresh read.
 * Pure: no store access.
 */
final class TemporalBatch {

    /** The changes of one bucket: {@code _id} = {@link BucketKeys#bucket}(series, day). */
    record Bucket(String series, LocalDate day, List<UnaryOperator<List<TemporalInstance>>> changes) {

        String id() {
            return BucketKeys.bucket(series, day);
        }

        /** The points after every change; an empty list means the bucket (and its summary) goes away. */
        List<TemporalInstance> apply(List<TemporalInstance> stored) {
            List<TemporalInstance> points = stored;
            for (UnaryOperator<List<TemporalInstance>> c : changes) {
                points = c.apply(points);
            }
            return points;
        }
    }

    private final Map<String, List<UnaryOperator<TemporalRecord>>> records = new LinkedHashMap<>();
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();

    boolean isEmpty() {
        return records.isEmpty() && buckets.isEmpty();
    }

    /**
     * Changes an entity record: {@code change} gets the record as it is at that point (null when there
     * is none) and returns the new one; returning null leaves no record when there was none.
     */
    void record(String entityId, UnaryOperator<TemporalRecord> change) {
        records.computeIfAbsent(entityId, k -> new ArrayList<>()).add(change);
    }

    /** Changes the points of one bucket (see {@link Bucket#apply}). */
    void bucket(String series, LocalDate day, UnaryOperator<List<TemporalInstance>> change) {
        String id = BucketKeys.bucket(series, day);
        buckets.computeIfAbsent(id, k -> new Bucket(series, day, new ArrayList<>())).changes().add(change);
    }

    /**
     * Appends instances to an entity's history: changes its record with {@code change} (null result: the
     * record stays as it is) and widens the record's series to the instances' days, and adds each
     * instance to its day bucket unless the bucket already holds its instanceId, so that writing the same
     * instances again (a change delivered twice) changes nothing.
     */
    void place(String entityId, List<Placed> instances, UnaryOperator<TemporalRecord> change) {
        Map<String, Map<LocalDate, List<TemporalInstance>>> byBucket = new LinkedHashMap<>();
        Map<String, Series> touched = new LinkedHashMap<>();
        for (Placed p : instances) {
            TemporalInstance i = p.instance();
            LocalDate day = BucketKeys.day(i.bucketTime());
            Series s = Series.of(entityId, p.attribute(), i.attribute().datasetId(), i.attribute().type(), day);
            touched.merge(s.key(), s, (a, b) -> a.including(day, i.deleted() ? a.type() : i.attribute().type()));
            byBucket.computeIfAbsent(s.key(), k -> new LinkedHashMap<>()).computeIfAbsent(day, d -> new ArrayList<>()).add(i);
        }
        record(entityId, old -> {
            TemporalRecord r = change.apply(old);
            if (r == null) {
                return old;
            }
            Map<String, Series> series = new LinkedHashMap<>(r.series());
            touched.forEach((key, s) -> series.merge(key, s,
                    (a, b) -> a.including(b.first(), b.type()).including(b.last(), b.type())));
            return new TemporalRecord(r.state(), r.deletedAt(), series);
        });
        byBucket.forEach((series, days) -> days.forEach((day, added) -> bucket(series, day, points -> appended(points, added))));
    }

    /**
     * {@code points} plus the instances of {@code added} it does not hold yet (the same list when none is
     * new). An added instance observed at the same time as a stored instance of the line (both not
     * deletions) replaces it: the history of an attribute line holds one value per observation time, so
     * sending an observation again corrects it instead of doubling it (clause 5.6.11 upsert; the same rule
     * for every write, API or recorded).
     */
    static List<TemporalInstance> appended(List<TemporalInstance> points, List<TemporalInstance> added) {
        Set<String> present = new HashSet<>();
        Set<Instant> observed = new HashSet<>();  // scanned for a replacement only when the time is taken
        for (TemporalInstance x : points) {
            present.add(x.instanceId());
            if (!x.deleted() && x.attribute().observedAt() != null) {
                observed.add(x.attribute().observedAt());
            }
        }
        List<TemporalInstance> next = null;
        for (TemporalInstance i : added) {
            if (present.add(i.instanceId())) {
                if (next == null) {
                    next = new ArrayList<>(points);
                }
                Instant t = i.deleted() ? null : i.attribute().observedAt();
                if (t != null && !observed.add(t)) {
                    next.removeIf(x -> !x.deleted() && t.equals(x.attribute().observedAt()));
                }
                next.add(i);
            }
        }
        return next == null ? points : next;
    }

    /** Entity id -> its record changes, in order. */
    Map<String, List<UnaryOperator<TemporalRecord>>> records() {
        return records;
    }

    /** Bucket id -> its changes, in order. */
    Map<String, Bucket> buckets() {
        return buckets;
    }

    /** The record after {@code changes}, starting from {@code stored} (null when absent). */
    static TemporalRecord applyAll(TemporalRecord stored, List<UnaryOperator<TemporalRecord>> changes) {
        TemporalRecord r = stored;
        for (UnaryOperator<TemporalRecord> c : changes) {
            r = c.apply(r);
        }
        return r;
    }
}

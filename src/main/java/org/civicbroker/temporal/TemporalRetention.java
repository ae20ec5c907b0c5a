package org.civicbroker.temporal;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.Rx;
import org.civicbroker.temporal.VersionedWrites.Write;
import org.civicbroker.tenancy.Tenant;

/**
 * History retention (issue 17): removes the history instances placed before a cutoff (by the time that
 * places them in a bucket: observedAt, else the deletion or creation time) of the temporal entities of
 * one type, a page of entities at a time. Buckets wholly before the cutoff's day go, the cutoff day's
 * bucket keeps its later points (summaries are recomputed by {@link TemporalWriter}), and the record of
 * an entity deleted before the cutoff goes with the last of its history.
 */
@ApplicationScoped
public class TemporalRetention {

    /** Bucket ids per existence check ({@code _id $in}, only the ids come back). */
    static final int EXISTS_CHUNK = 1000;
    /** Buckets read, trimmed and written per write: bounds the points held at once, whatever a page's history. */
    static final int BUCKETS_PER_WRITE = 32;

    private final TemporalStore store;

    public TemporalRetention(TemporalStore store) {
        this.store = store;
    }

    /**
     * Expires the history of every temporal entity of {@code typeIri}, {@code limit} entities at a time,
     * one page after the other: the type's ids are read once, unsorted (only the ids; as the exports do,
     * {@link org.civicbroker.persistence.IdPaging}), then each page's records by id. Every query of a
     * page is served by an index on the embedded store too ({@code _id $in}, {@code {_id, _v}}): a sorted
     * page query made it scan and hold every record of the type per page (a 1 GB heap ran out at 100,000
     * entities), and a record deletion filtered on {@code deletedAt} scanned every record per page, so a
     * run grew with pages x records (docs/privacy.md "Benchmark").
     *
     * @return the number of instances removed
     */
    public Uni<Long> expireAll(Tenant tenant, String typeIri, Instant cutoff, int limit) {
        return store.forRead(tenant).onFailure(NgsiException.class).recoverWithNull()
                .chain(db -> db == null ? Uni.createFrom().item(0L) : Rx.multi(TemporalStore.entities(db)
                                .find(Filters.eq(EntityDocuments.TYPE, typeIri))
                                .projection(Projections.include(EntityDocuments.ID)).batchSize(1000))
                        .map(d -> d.getString(EntityDocuments.ID))
                        .group().intoLists().of(limit)
                        .onItem().transformToUniAndConcatenate(ids -> TemporalStore.byIds(TemporalStore.entities(db), ids)
                                .map(docs -> docs.stream().map(TemporalRecord::fromDocument).toList())
                                .chain(records -> expire(db, records, cutoff))
                                .call(store::afterWrite))
                        .collect().with(java.util.stream.Collectors.summingLong(Long::longValue)));
    }

    private static Uni<Long> expire(MongoDatabase db, List<TemporalRecord> records, Instant cutoff) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        LocalDate cutDay = BucketKeys.day(cutoff);
        // per bucket the last count computed: a bucket redone after a concurrent write is not counted twice
        Map<String, Integer> removed = new ConcurrentHashMap<>();
        // 1. the buckets up to the cutoff's day, BUCKETS_PER_WRITE at a time: only the ones that exist are
        // read (a series' days are a range, most of them may hold nothing), and a page of sensors with a
        // long history never holds more than a few buckets' points at once
        Uni<Void> buckets = Multi.createFrom().<String>items(() -> records.stream()
                        .flatMap(r -> r.series().values().stream())
                        .flatMap(s -> s.bucketKeys(null, s.last().isBefore(cutDay) ? s.last() : cutDay).stream()))
                .group().intoLists().of(EXISTS_CHUNK)
                .onItem().transformToMultiAndConcatenate(keys -> Rx.multi(TemporalStore.buckets(db)
                        .find(Filters.in("_id", keys)).projection(Projections.include("_id"))))
                .map(d -> d.getString("_id"))
                .group().intoLists().of(BUCKETS_PER_WRITE)
                .onItem().transformToUniAndConcatenate(ids -> {
                    TemporalBatch batch = new TemporalBatch();
                    for (String id : ids) {
                        int bar = id.lastIndexOf('|');  // series key | day; '|' in a series key is escaped
                        batch.bucket(id.substring(0, bar), LocalDate.parse(id.substring(bar + 1)), points -> {
                            List<TemporalInstance> kept = points.stream().filter(p -> !p.bucketTime().isBefore(cutoff)).toList();
                            removed.put(id, points.size() - kept.size());
                            return kept.size() == points.size() ? points : kept;
                        });
                    }
                    return TemporalWriter.write(db, batch);
                })
                .collect().last().replaceWithVoid();
        // 2. then the records narrowed to the days left (after the buckets: a crash in between leaves a
        // record wider than its buckets, which the next run narrows, never a bucket outside its record)
        TemporalBatch narrow = new TemporalBatch();
        List<String> deletedBefore = new ArrayList<>();
        for (TemporalRecord r : records) {
            if (narrowed(r, cutDay) != r) {  // most records of a regular run start after the cutoff's day: not read again
                narrow.record(r.state().id(), old -> old == null ? null : narrowed(old, cutDay));
            }
            if (r.deletedAt() != null && r.deletedAt().isBefore(cutoff)) {
                deletedBefore.add(r.state().id());
            }
        }
        // 3. the records of entities deleted before the cutoff, their history gone: deleted by id and version
        // (an {_id, _v} filter the embedded store answers from an index; a filter on deletedAt would scan
        // every record once per page), so a record re-created meanwhile stays
        return buckets.chain(() -> narrow.isEmpty() ? Uni.createFrom().voidItem() : TemporalWriter.write(db, narrow).replaceWithVoid())
                .chain(() -> TemporalStore.byIds(TemporalStore.entities(db), deletedBefore))
                .chain(docs -> VersionedWrites.write(TemporalStore.entities(db), docs.stream()
                        .filter(d -> d.getDate(TemporalRecord.DELETED_AT) != null && d.getDate(TemporalRecord.DELETED_AT).before(Date.from(cutoff)))
                        .map(d -> new Write(d.getString("_id"), null, VersionedWrites.version(d))).toList()))
                .map(x -> removed.values().stream().mapToLong(Integer::longValue).sum());
    }

    /** The record with its series starting no earlier than the cutoff's day; series wholly before it dropped. */
    private static TemporalRecord narrowed(TemporalRecord r, LocalDate cutDay) {
        Map<String, Series> series = new LinkedHashMap<>();
        r.series().forEach((k, s) -> {
            if (!s.last().isBefore(cutDay)) {
                series.put(k, s.first().isBefore(cutDay) ? new Series(s.key(), s.attribute(), s.datasetId(), s.type(), cutDay, s.last()) : s);
            }
        });
        return series.size() == r.series().size() && series.values().containsAll(r.series().values()) ? r
                : new TemporalRecord(r.state(), r.deletedAt(), series);
    }
}

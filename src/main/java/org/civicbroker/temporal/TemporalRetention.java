package org.civicbroker.temporal;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoDatabase;
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

    /** What one page did: instances removed, the last entity id visited (null: none), whether more may follow. */
    public record Page(long removed, String lastId, boolean more) {
    }

    private final TemporalStore store;

    public TemporalRetention(TemporalStore store) {
        this.store = store;
    }

    /** Expires history of at most {@code limit} entities of {@code typeIri} with ids after {@code afterId} (null: from the start). */
    public Uni<Page> expire(Tenant tenant, String typeIri, Instant cutoff, String afterId, int limit) {
        // the page's ids first (only the ids), then its records: the embedded store materialises what a sorted
        // query matches, so the page query carries no more than the ids
        return store.forRead(tenant)
                .chain(db -> Rx.multi(TemporalStore.entities(db).find(Filters.and(Filters.eq(EntityDocuments.TYPE, typeIri),
                                        Filters.gt(EntityDocuments.ID, afterId == null ? "" : afterId)))
                                .projection(Projections.include(EntityDocuments.ID))
                                .sort(Sorts.ascending(EntityDocuments.ID)).limit(limit))
                        .map(d -> d.getString(EntityDocuments.ID)).collect().asList()
                        .chain(ids -> TemporalStore.byIds(TemporalStore.entities(db), ids)
                                .map(docs -> docs.stream().map(TemporalRecord::fromDocument).toList())
                                .chain(records -> expire(db, records, cutoff))
                                .map(n -> new Page(n, ids.isEmpty() ? afterId : ids.get(ids.size() - 1), ids.size() == limit))))
                .call(store::afterWrite)
                .onFailure(NgsiException.class).recoverWithItem(new Page(0, afterId, false));
    }

    /**
     * Expires the history of every temporal entity of {@code typeIri}, {@code limit} entities at a time,
     * one page after the other: the type's ids are read once, unsorted (only the ids; as the exports do,
     * {@link org.civicbroker.persistence.IdPaging}), then each page's records by id. A sorted page query
     * per page ({@link #expire(Tenant, String, Instant, String, int)}) makes the embedded store scan and
     * hold every record of the type for each page, which ran a 1 GB heap out at 100,000 entities.
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
        TemporalBatch batch = new TemporalBatch();
        List<String> ids = new ArrayList<>();
        for (TemporalRecord r : records) {
            ids.add(r.state().id());
            for (Series s : r.series().values()) {
                LocalDate last = s.last().isBefore(cutDay) ? s.last() : cutDay;
                for (LocalDate d = s.first(); !d.isAfter(last); d = d.plusDays(1)) {
                    String key = BucketKeys.bucket(s.key(), d);
                    batch.bucket(s.key(), d, points -> {
                        List<TemporalInstance> kept = points.stream().filter(p -> !p.bucketTime().isBefore(cutoff)).toList();
                        removed.put(key, points.size() - kept.size());
                        return kept.size() == points.size() ? points : kept;
                    });
                }
            }
            batch.record(r.state().id(), old -> old == null ? null : narrowed(old, cutDay));
        }
        return TemporalWriter.write(db, batch)
                .chain(() -> Rx.uni(TemporalStore.entities(db).deleteMany(Filters.and(Filters.in(EntityDocuments.ID, ids),
                        Filters.lt(TemporalRecord.DELETED_AT, Date.from(cutoff))))))
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

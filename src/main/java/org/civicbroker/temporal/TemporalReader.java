package org.civicbroker.temporal;

import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bson.Document;

/**
 * Reads the instances of one series for a temporal query, touching only the buckets of the days the
 * range covers (keys computed from the series' extent, fetched with {@code _id $in}). With
 * {@code lastN} and observedAt it walks the days backwards and stops as soon as it has N instances.
 */
final class TemporalReader {

    private static final int LAST_N_CHUNK = 8;

    private TemporalReader() {
    }

    /** The bucket keys the query can touch: by day for observedAt, all days for other time properties. */
    static List<String> keys(Series s, TemporalQuery q) {
        if (q.timeproperty() != TimeProperty.OBSERVED_AT || q.timerel() == null) {
            return s.bucketKeys(null, null);
        }
        LocalDate from = q.from() == null ? null : BucketKeys.day(q.from());
        LocalDate to = q.to() == null ? null : BucketKeys.day(q.to());
        return s.bucketKeys(from, to);
    }

    /**
     * The selected instances of the series, oldest first; with lastN only the N most recent of the line
     * (a superset of the attribute's N most recent, which {@link TemporalQueries} picks across lines).
     */
    static Uni<SeriesResult> instances(MongoDatabase db, Series s, TemporalQuery q) {
        List<String> keys = keys(s, q);
        Comparator<TemporalInstance> order = Comparator.comparing((TemporalInstance i) -> i.timeOr(q.timeproperty()))
                .thenComparing(TemporalInstance::instanceId);
        Uni<List<TemporalInstance>> selected = q.lastN() != null && q.timeproperty() == TimeProperty.OBSERVED_AT
                ? lastDays(db, keys, q, keys.size(), new ArrayList<>())
                : read(db, keys, q);
        return selected.map(list -> {
            List<TemporalInstance> sorted = new ArrayList<>(list);
            sorted.sort(order);
            if (q.lastN() != null && sorted.size() > q.lastN()) {
                sorted = sorted.subList(sorted.size() - q.lastN(), sorted.size());
            }
            return new SeriesResult(s, List.copyOf(sorted), null);
        });
    }

    private static Uni<List<TemporalInstance>> read(MongoDatabase db, List<String> keys, TemporalQuery q) {
        return TemporalStore.byIds(TemporalStore.buckets(db), keys).map(docs -> {
            List<TemporalInstance> out = new ArrayList<>();
            for (Document d : docs) {
                for (TemporalInstance i : BucketCodec.instances(d)) {
                    if (q.selects(i)) {
                        out.add(i);
                    }
                }
            }
            return out;
        });
    }

    /** Reads day buckets from the end of {@code keys[0..end)} backwards until lastN instances are found. */
    private static Uni<List<TemporalInstance>> lastDays(MongoDatabase db, List<String> keys, TemporalQuery q, int end,
            List<TemporalInstance> found) {
        if (end <= 0 || found.size() >= q.lastN()) {
            return Uni.createFrom().item(found);
        }
        int start = Math.max(0, end - LAST_N_CHUNK);
        return read(db, keys.subList(start, end), q).chain(more -> {
            found.addAll(more);
            return lastDays(db, keys, q, start, found);
        });
    }

    /** The earliest bucket time of a series at or after the query start (for periods without timeAt). */
    static Instant firstTime(List<Document> summaries) {
        Instant first = null;
        for (Document d : summaries) {
            if (d.getDate("first") != null) {
                Instant t = d.getDate("first").toInstant();
                first = first == null || t.isBefore(first) ? t : first;
            }
        }
        return first;
    }
}

package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.civicbroker.temporal.SeriesResult.Aggregate;
import org.threeten.extra.PeriodDuration;

/**
 * Aggregated temporal representation of one series (clause 4.5.19). By observedAt and without
 * distinctCount, it adds the per-hour summaries of the buckets in range and reads the points only of
 * the hours a period or the range boundary cuts; otherwise it reads the points. Instances without the
 * time property and deletions are not aggregated.
 */
final class Aggregator {

    /** The aggregation asked for: methods and period duration. */
    record Request(List<AggrMethod> methods, PeriodDuration duration) {
    }

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration TICK = Duration.ofNanos(1);

    private Aggregator() {
    }

    /** Whether the aggregation adds bucket summaries (by observedAt, without distinctCount). */
    static boolean usesSummaries(TemporalQuery q, Request r) {
        return q.timeproperty() == TimeProperty.OBSERVED_AT && !r.methods().contains(AggrMethod.DISTINCT_COUNT);
    }

    static Uni<SeriesResult> aggregate(MongoDatabase db, Series s, TemporalQuery q, Request r) {
        return aggregate(db, s, q, r, null);
    }

    /** @param prefetched the summaries of the series' keys when already read (one $in for many series), or null */
    static Uni<SeriesResult> aggregate(MongoDatabase db, Series s, TemporalQuery q, Request r, List<Document> prefetched) {
        List<String> keys = TemporalReader.keys(s, q);
        if (!usesSummaries(q, r)) {
            return TemporalStore.byIds(TemporalStore.buckets(db), keys).map(buckets -> fromPoints(s, q, r, buckets));
        }
        Uni<List<Document>> read = prefetched != null ? Uni.createFrom().item(prefetched)
                : TemporalStore.byIds(TemporalStore.summaries(db), keys);
        return read.chain(summaries -> {
            Instant first = TemporalReader.firstTime(summaries);
            Instant last = lastTime(summaries);
            if (first == null) {
                return Uni.createFrom().item(result(s, r, null, Map.of(), Map.of()));
            }
            Periods periods = periods(q, r, first, last);
            Map<Integer, Stats> stats = new HashMap<>();
            Map<LocalDate, Set<Integer>> cut = new LinkedHashMap<>();
            for (Document d : summaries) {
                LocalDate day = LocalDate.parse(d.getString(BucketCodec.DAY));
                BucketCodec.hours(d).forEach((hour, st) -> {
                    Instant start = day.atStartOfDay().toInstant(ZoneOffset.UTC).plus(HOUR.multipliedBy(hour));
                    Instant end = start.plus(HOUR);
                    if ((q.from() != null && !end.isAfter(q.from())) || (q.to() != null && !start.isBefore(q.to()))) {
                        return;  // the hour is outside the range
                    }
                    int i = periods.indexOf(start);
                    if (i >= 0 && q.selectsAll(start, end) && periods.indexOf(end.minus(TICK)) == i) {
                        stats.computeIfAbsent(i, k -> new Stats()).merge(st);
                    } else {
                        cut.computeIfAbsent(day, k -> new HashSet<>()).add(hour);
                    }
                });
            }
            if (cut.isEmpty()) {
                return Uni.createFrom().item(result(s, r, periods, stats, Map.of()));
            }
            List<String> cutKeys = cut.keySet().stream().map(day -> BucketKeys.bucket(s.key(), day)).toList();
            return TemporalStore.byIds(TemporalStore.buckets(db), cutKeys).map(buckets -> {
                for (Document b : buckets) {
                    Set<Integer> hours = cut.get(LocalDate.parse(b.getString(BucketCodec.DAY)));
                    for (TemporalInstance in : BucketCodec.instances(b)) {
                        Instant t = in.attribute().observedAt();
                        if (in.deleted() || t == null || !hours.contains(t.atZone(ZoneOffset.UTC).getHour()) || !q.selects(in)) {
                            continue;
                        }
                        int i = periods.indexOf(t);
                        if (i >= 0) {
                            stats.computeIfAbsent(i, k -> new Stats()).add(in.attribute().value());
                        }
                    }
                }
                return result(s, r, periods, stats, Map.of());
            });
        });
    }

    private static SeriesResult fromPoints(Series s, TemporalQuery q, Request r, List<Document> buckets) {
        List<TemporalInstance> selected = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (Document b : buckets) {
            for (TemporalInstance in : BucketCodec.instances(b)) {
                Instant t = q.timeproperty().of(in);
                if (t == null || (in.deleted() && q.timeproperty() != TimeProperty.DELETED_AT) || !q.selects(in)) {
                    continue;
                }
                selected.add(in);
                first = first == null || t.isBefore(first) ? t : first;
                last = last == null || t.isAfter(last) ? t : last;
            }
        }
        if (first == null) {
            return result(s, r, null, Map.of(), Map.of());
        }
        Periods periods = periods(q, r, first, last);
        Map<Integer, Stats> stats = new HashMap<>();
        Map<Integer, Set<JsonNode>> distinct = new HashMap<>();
        for (TemporalInstance in : selected) {
            int i = periods.indexOf(q.timeproperty().of(in));
            if (i >= 0) {
                stats.computeIfAbsent(i, k -> new Stats()).add(in.attribute().value());
                distinct.computeIfAbsent(i, k -> new HashSet<>()).add(in.attribute().value());
            }
        }
        return result(s, r, periods, stats, distinct);
    }

    /** From timeAt when the query has a start (after, between), else from the first instance. */
    static Periods periods(TemporalQuery q, Request r, Instant first, Instant last) {
        OffsetDateTime start = q.from() != null ? q.timeAt() : first.atOffset(q.offset());
        Instant end = q.to() != null ? q.to() : last.plus(TICK);
        return Periods.of(start, end, r.duration());
    }

    private static Instant lastTime(List<Document> summaries) {
        Instant last = null;
        for (Document d : summaries) {
            if (d.getDate("last") != null) {
                Instant t = d.getDate("last").toInstant();
                last = last == null || t.isAfter(last) ? t : last;
            }
        }
        return last;
    }

    private static SeriesResult result(Series s, Request r, Periods periods, Map<Integer, Stats> stats,
            Map<Integer, Set<JsonNode>> distinct) {
        Map<AggrMethod, List<Aggregate>> out = new LinkedHashMap<>();
        for (AggrMethod m : r.methods()) {
            List<Aggregate> values = new ArrayList<>();
            if (periods != null) {
                for (int i = 0; i < periods.size(); i++) {
                    Stats st = stats.get(i);
                    if (st == null || st.count() == 0) {
                        continue;
                    }
                    Set<JsonNode> d = distinct.get(i);
                    Number v = m.value(st, d == null ? 0 : d.size());
                    if (v != null) {
                        values.add(new Aggregate(v, periods.start(i), periods.end(i)));
                    }
                }
            }
            out.put(m, values);
        }
        return new SeriesResult(s, List.of(), out);
    }
}

package org.civicbroker.temporal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.civicbroker.model.Attribute;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.query.geo.BoundingBox;

/**
 * BSON shapes of temporal storage.
 *
 * <p>Bucket ({@code temporalBuckets}): {@code {_id: <series>|<day>, s: <series>, day: "yyyy-MM-dd",
 * p: [point...]}}; a point is the attribute document of {@link EntityDocuments} plus {@code i}
 * (instanceId), {@code t} (bucket time) and {@code del} (deletedAt). Points are kept ordered by time.
 *
 * <p>Summary ({@code temporalSummaries}, same {@code _id}): {@code {s, day, first, last, h: [{h: hour,
 * c, n, s, q, mn, mx}...]}}: per UTC hour, the {@link Stats} of the observed (observedAt present),
 * not deleted instances. Aggregations by observedAt read these small documents instead of the points.
 */
final class BucketCodec {

    static final String SERIES = "s";
    static final String DAY = "day";
    static final String POINTS = "p";
    static final String HOURS = "h";

    private static final EntityDocuments DOCS = new EntityDocuments(BoundingBox::documentOf);
    static final Comparator<TemporalInstance> BY_TIME =
            Comparator.comparing(TemporalInstance::bucketTime).thenComparing(TemporalInstance::instanceId);

    private BucketCodec() {
    }

    static Document point(TemporalInstance i) {
        Document d = DOCS.toDocument(i.attribute());
        d.put("i", i.instanceId());
        d.put("t", Date.from(i.bucketTime()));
        if (i.deletedAt() != null) {
            d.put("del", Date.from(i.deletedAt()));
        }
        return d;
    }

    static TemporalInstance instance(Document d) {
        Attribute a = DOCS.toAttribute(d);
        Date del = d.getDate("del");
        return new TemporalInstance(d.getString("i"), a, del == null ? null : del.toInstant());
    }

    @SuppressWarnings("unchecked")
    static List<TemporalInstance> instances(Document bucket) {
        List<Document> points = (List<Document>) bucket.get(POINTS);
        List<TemporalInstance> out = new ArrayList<>(points == null ? 0 : points.size());
        if (points != null) {
            points.forEach(p -> out.add(instance(p)));
        }
        return out;
    }

    static Document bucket(String id, String series, String day, List<TemporalInstance> points) {
        List<TemporalInstance> sorted = new ArrayList<>(points);
        sorted.sort(BY_TIME);
        List<Document> docs = new ArrayList<>(sorted.size());
        sorted.forEach(i -> docs.add(point(i)));
        return new Document("_id", id).append(SERIES, series).append(DAY, day).append(POINTS, docs);
    }

    /** Recomputes a bucket's summary from its points (after every change, so it never drifts). */
    static Document summary(String id, String series, String day, List<TemporalInstance> points) {
        Map<Integer, Stats> hours = new TreeMap<>();
        Instant first = null;
        Instant last = null;
        for (TemporalInstance i : points) {
            Instant t = i.bucketTime();
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
            if (!i.deleted() && i.attribute().observedAt() != null) {
                hours.computeIfAbsent(t.atZone(ZoneOffset.UTC).getHour(), h -> new Stats()).add(i.attribute().value());
            }
        }
        List<Document> h = new ArrayList<>();
        hours.forEach((hour, s) -> h.add(s.toDocument().append("h", hour)));
        Document d = new Document("_id", id).append(SERIES, series).append(DAY, day).append(HOURS, h);
        if (first != null) {
            d.append("first", Date.from(first)).append("last", Date.from(last));
        }
        return d;
    }

    /** Hour of the day -> stats, from a summary document. */
    @SuppressWarnings("unchecked")
    static Map<Integer, Stats> hours(Document summary) {
        Map<Integer, Stats> out = new TreeMap<>();
        List<Document> h = (List<Document>) summary.get(HOURS);
        if (h != null) {
            h.forEach(d -> out.put(d.get("h", Number.class).intValue(), Stats.fromDocument(d)));
        }
        return out;
    }
}

package org.civicbroker.temporal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.civicbroker.model.AttributeType;

/**
 * The history of one attribute line of an entity (attribute IRI and datasetId): its key and the first
 * and last UTC day that hold a bucket, so that a range maps to the bucket keys it touches.
 *
 * @param datasetId null for the default instance
 */
public record Series(String key, String attribute, String datasetId, AttributeType type, LocalDate first, LocalDate last) {

    public Series {
        Objects.requireNonNull(key);
        Objects.requireNonNull(attribute);
    }

    public static Series of(String entityId, String attribute, String datasetId, AttributeType type, LocalDate day) {
        return new Series(BucketKeys.series(entityId, attribute, datasetId), attribute, datasetId, type, day, day);
    }

    /** This series widened to cover {@code day}. */
    public Series including(LocalDate day, AttributeType t) {
        LocalDate f = first == null || day.isBefore(first) ? day : first;
        LocalDate l = last == null || day.isAfter(last) ? day : last;
        return new Series(key, attribute, datasetId, t == null ? type : t, f, l);
    }

    /** Bucket keys of the days from {@code from} to {@code to} (inclusive), clamped to the series' days. */
    public List<String> bucketKeys(LocalDate from, LocalDate to) {
        LocalDate f = from == null || from.isBefore(first) ? first : from;
        LocalDate l = to == null || to.isAfter(last) ? last : to;
        List<String> keys = new ArrayList<>();
        for (LocalDate d = f; !d.isAfter(l); d = d.plusDays(1)) {
            keys.add(BucketKeys.bucket(key, d));
        }
        return keys;
    }

    Document toDocument() {
        Document d = new Document("k", key).append("a", attribute).append("ty", type.term())
                .append("first", first.toString()).append("last", last.toString());
        if (datasetId != null) {
            d.append("d", datasetId);
        }
        return d;
    }

    static Series fromDocument(Document d) {
        return new Series(d.getString("k"), d.getString("a"), d.getString("d"),
                AttributeType.of(d.getString("ty")).orElse(AttributeType.PROPERTY),
                LocalDate.parse(d.getString("first")), LocalDate.parse(d.getString("last")));
    }
}

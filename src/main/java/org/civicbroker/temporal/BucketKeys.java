package org.civicbroker.temporal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Computed keys of temporal storage. A series is the history of one attribute instance line
 * (entity, attribute IRI, datasetId); a bucket holds one UTC day of a series. Keys are plain strings
 * so every lookup is an {@code _id} equality or {@code $in} (the only fast lookups of the embedded store).
 */
public final class BucketKeys {

    /** Stands for the default instance (no datasetId, clause 4.5.5). */
    public static final String DEFAULT_DATASET = "@none";

    private BucketKeys() {
    }

    public static String series(String entityId, String attributeIri, String datasetId) {
        return escape(entityId) + "|" + escape(attributeIri) + "|" + escape(datasetId == null ? DEFAULT_DATASET : datasetId);
    }

    public static String bucket(String seriesKey, LocalDate day) {
        return seriesKey + "|" + day;
    }

    public static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** '|' separates the parts; ids and IRIs may contain it, so it (and '%') is percent-encoded. */
    static String escape(String s) {
        return s.replace("%", "%25").replace("|", "%7C");
    }
}

package org.civicbroker.temporal;

import java.util.List;
import java.util.Map;

/**
 * What a temporal answer holds for one series: its instances (ordered by time) or its aggregates.
 *
 * @param truncated true when the instance limit cut the instances (206 Partial Content)
 * @param aggregates method -> one {@link Aggregate} per non-empty period, null for raw instances
 */
public record SeriesResult(Series series, List<TemporalInstance> instances, boolean truncated,
        Map<AggrMethod, List<Aggregate>> aggregates) {

    /** One aggregated value over [start, end) (clause 4.5.19: [value, startAt, endAt]). */
    public record Aggregate(Number value, java.time.Instant start, java.time.Instant end) {
    }

    public boolean isEmpty() {
        return aggregates == null ? instances.isEmpty() : aggregates.values().stream().allMatch(List::isEmpty);
    }
}

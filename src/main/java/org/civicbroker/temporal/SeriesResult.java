package org.civicbroker.temporal;

import java.util.List;
import java.util.Map;

/**
 * What a temporal answer holds for one series: its instances (ordered by time) or its aggregates.
 *
 * @param aggregates method -> one {@link Aggregate} per non-empty period, null for raw instances
 */
public record SeriesResult(Series series, List<TemporalInstance> instances, Map<AggrMethod, List<Aggregate>> aggregates) {

    /** One aggregated value over [start, end) (clause 4.5.19: [value, startAt, endAt]). */
    public record Aggregate(Number value, java.time.Instant start, java.time.Instant end) {
    }

    /** The same series with only {@code kept} of its instances. */
    SeriesResult keeping(java.util.function.Predicate<TemporalInstance> kept) {
        return new SeriesResult(series, instances.stream().filter(kept).toList(), aggregates);
    }

    public boolean isEmpty() {
        return aggregates == null ? instances.isEmpty() : aggregates.values().stream().allMatch(List::isEmpty);
    }
}

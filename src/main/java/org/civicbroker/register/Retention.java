package org.civicbroker.register;

import java.time.Instant;
import java.time.ZoneOffset;
import org.threeten.extra.PeriodDuration;

/**
 * How long a dataset is kept: the current state of an entity not updated within {@code currentState}
 * is deleted, history instances older than {@code history} are deleted. Either may be null (kept).
 * ISO 8601 durations; years and months count in calendar time (UTC).
 */
public record Retention(PeriodDuration currentState, PeriodDuration history) {

    public static final Retention NONE = new Retention(null, null);

    /** The instant before which data kept for {@code period} has expired at {@code now}. */
    public static Instant cutoff(PeriodDuration period, Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(period.getPeriod()).minus(period.getDuration()).toInstant();
    }
}

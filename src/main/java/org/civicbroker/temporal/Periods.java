package org.civicbroker.temporal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.civicbroker.common.error.NgsiException;
import org.threeten.extra.PeriodDuration;

/**
 * The aggregation periods (clause 4.5.19): consecutive periods of {@code aggrPeriodDuration} laid out
 * from the start of the temporal query (timeAt), each [start, start + duration). The duration may have
 * years and months (threeten-extra {@link PeriodDuration}); it is added in the calendar of timeAt's
 * UTC offset, so P1M from 2026-01-31 gives 2026-02-28, then 2026-03-28 (always from the previous
 * start, as ISO 8601 adds durations). A zero duration (PT0S, the default) is one period spanning the
 * whole range. Pure code.
 */
public final class Periods {

    /** Most periods one request may produce (a tiny duration over a long range is refused). */
    public static final int MAX_PERIODS = 100_000;

    private final Instant[] starts;
    private final Instant end;

    private Periods(Instant[] starts, Instant end) {
        this.starts = starts;
        this.end = end;
    }

    /** Parses aggrPeriodDuration: ISO 8601 P[n]Y[n]M[n]W[n]DT[n]H[n]M[n]S; null means PT0S. */
    public static PeriodDuration parseDuration(String text) {
        if (text == null) {
            return PeriodDuration.ZERO;
        }
        try {
            PeriodDuration d = PeriodDuration.parse(text);
            if (d.getPeriod().isNegative() || d.getDuration().isNegative()) {
                throw NgsiException.badData("aggrPeriodDuration must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw NgsiException.badData("aggrPeriodDuration is not an ISO 8601 duration (e.g. PT1H, P1D, P1M)");
        }
    }

    /** Periods from {@code start} (in its offset) up to {@code end} (exclusive). */
    public static Periods of(OffsetDateTime start, Instant end, PeriodDuration duration) {
        if (!end.isAfter(start.toInstant())) {
            return new Periods(new Instant[0], end);
        }
        if (duration.isZero()) {
            return new Periods(new Instant[] {start.toInstant()}, end);
        }
        List<Instant> starts = new ArrayList<>();
        OffsetDateTime t = start;
        while (t.toInstant().isBefore(end)) {
            starts.add(t.toInstant());
            if (starts.size() > MAX_PERIODS) {
                throw NgsiException.badData("aggrPeriodDuration gives more than " + MAX_PERIODS
                        + " periods over the queried range; use a longer duration or a shorter range");
            }
            OffsetDateTime next = t.plus(duration.getPeriod()).plus(duration.getDuration());
            if (!next.isAfter(t)) {
                throw NgsiException.badData("aggrPeriodDuration must be longer than zero");
            }
            t = next;
        }
        return new Periods(starts.toArray(new Instant[0]), t.toInstant());
    }

    public int size() {
        return starts.length;
    }

    public Instant start(int i) {
        return starts[i];
    }

    /** End of period i (the last one ends at the end of its full duration, or at the range end when zero). */
    public Instant end(int i) {
        return i + 1 < starts.length ? starts[i + 1] : end;
    }

    /** The index of the period holding {@code t}, or -1. */
    public int indexOf(Instant t) {
        if (starts.length == 0 || t.isBefore(starts[0]) || !t.isBefore(end)) {
            return -1;
        }
        int i = Arrays.binarySearch(starts, t);
        return i >= 0 ? i : -i - 2;
    }
}

package org.civicbroker.temporal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.DateTimes;

/**
 * The temporal part of a query (clause 5.2.21 TemporalQuery, clause 4.11): which instances of each
 * attribute, by the time property {@code timeproperty}. {@code before}: t &lt; timeAt; {@code after}:
 * t &gt; timeAt; {@code between}: timeAt &lt;= t &lt; endTimeAt. Without {@code timerel} every instance
 * is selected. {@code timeAt} keeps its UTC offset: aggregation periods are laid out from it (so
 * monthly periods follow the calendar of that offset).
 *
 * @param timerel null, before, after or between
 * @param lastN the last N instances per attribute (clause 6.3.x lastN), or null
 */
public record TemporalQuery(String timerel, OffsetDateTime timeAt, OffsetDateTime endTimeAt, TimeProperty timeproperty,
        Integer lastN) {

    public static TemporalQuery all() {
        return new TemporalQuery(null, null, null, TimeProperty.OBSERVED_AT, null);
    }

    public static TemporalQuery parse(String timerel, String timeAt, String endTimeAt, String timeproperty, String lastN) {
        TimeProperty property = TimeProperty.parse(timeproperty);
        Integer n = null;
        if (lastN != null) {
            try {
                n = Integer.parseInt(lastN);
            } catch (NumberFormatException e) {
                throw NgsiException.badData("lastN must be a positive integer");
            }
            if (n < 1) {
                throw NgsiException.badData("lastN must be a positive integer");
            }
        }
        if (timerel == null) {
            if (timeAt != null || endTimeAt != null) {
                throw NgsiException.badData("timeAt and endTimeAt need timerel");
            }
            return new TemporalQuery(null, null, null, property, n);
        }
        if (!timerel.equals("before") && !timerel.equals("after") && !timerel.equals("between")) {
            throw NgsiException.badData("timerel must be before, after or between");
        }
        if (timeAt == null) {
            throw NgsiException.badData("timerel needs timeAt");
        }
        OffsetDateTime start = dateTime("timeAt", timeAt);
        OffsetDateTime end = null;
        if (timerel.equals("between")) {
            if (endTimeAt == null) {
                throw NgsiException.badData("timerel=between needs endTimeAt");
            }
            end = dateTime("endTimeAt", endTimeAt);
            if (!end.toInstant().isAfter(start.toInstant())) {
                throw NgsiException.badData("endTimeAt must be after timeAt");
            }
        } else if (endTimeAt != null) {
            throw NgsiException.badData("endTimeAt is only allowed with timerel=between");
        }
        return new TemporalQuery(timerel, start, end, property, n);
    }

    private static OffsetDateTime dateTime(String name, String text) {
        Instant checked = DateTimes.tryParse(text);
        if (checked == null) {
            throw NgsiException.badData(name + " is not an ISO 8601 DateTime");
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return checked.atOffset(ZoneOffset.UTC);
        }
    }

    /** Inclusive lower bound of the selected times, or null. */
    public Instant from() {
        return timerel == null || timerel.equals("before") ? null : timeAt.toInstant();
    }

    /** Exclusive upper bound, or null. */
    public Instant to() {
        if (timerel == null || timerel.equals("after")) {
            return null;
        }
        return timerel.equals("before") ? timeAt.toInstant() : endTimeAt.toInstant();
    }

    public boolean selects(Instant t) {
        if (timerel == null) {
            return true;
        }
        if (t == null) {
            return false;
        }
        return switch (timerel) {
            case "before" -> t.isBefore(timeAt.toInstant());
            case "after" -> t.isAfter(timeAt.toInstant());
            default -> !t.isBefore(timeAt.toInstant()) && t.isBefore(endTimeAt.toInstant());
        };
    }

    /** Whether every instant of [start, end) is selected. */
    public boolean selectsAll(Instant start, Instant end) {
        return selects(start) && (timerel == null || timerel.equals("after") || !end.isAfter(to()));
    }

    /**
     * Whether the instance is selected: its {@code timeproperty} in the range. {@code deletedAt} selects
     * only deletion instances, with or without a range (clause 4.11: the temporal property the query is
     * on; only deletions have deletedAt); with a range, an instance without the property is not selected.
     */
    public boolean selects(TemporalInstance i) {
        if (timeproperty == TimeProperty.DELETED_AT && !i.deleted()) {
            return false;
        }
        return selects(timeproperty.of(i));
    }

    /** The offset periods are laid out in: timeAt's, else UTC. */
    public ZoneOffset offset() {
        return timeAt == null ? ZoneOffset.UTC : timeAt.getOffset();
    }
}

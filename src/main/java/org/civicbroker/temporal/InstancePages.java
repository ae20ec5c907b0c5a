package org.civicbroker.temporal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Temporal pagination (clause 6.3.10, temporal part; see docs/temporal.md "Paging"). The instances of one
 * entity are cut to a time window that holds at most {@code max} instances of any one of its Attributes
 * (all datasetIds together, counted as lastN is, "per Attribute, per Entity"); the window is the same for
 * every attribute of the entity, so the entity's answer is the complete history of that window.
 *
 * <ul>
 * <li>Oldest first (no lastN): an attribute with more than {@code max} instances ends the window at the time
 * of its {@code max}-th instance; the entity's window ends at the earliest such time. Content-Range: from
 * timeAt for {@code after}/{@code between} (where the asked range starts), else the first instance
 * returned, to the last instance returned. The next page of an entity is
 * {@code timerel=after&timeAt=<its last returned time>}.
 * <li>Most recent first (lastN): an attribute with more than {@code max} of its last N instances starts
 * the window at the time of its {@code max}-th most recent one; the entity's window starts at the latest
 * such time. Content-Range: from endTimeAt for {@code between}, timeAt for {@code before} (where the
 * asked range ends), else the most recent instance returned, to the least recent instance returned. The
 * next page is {@code timerel=before&timeAt=<range end>}.
 * </ul>
 * Size: lastN when given, else {@code *} (the total is not counted). Instances at exactly the cut time are
 * all kept, so no instance falls between two pages. With several entities (a query), the range spans the
 * instances of all of them. Pure.
 */
final class InstancePages {

    /** One entity's cut: keep the instances whose time is within [from, to]. */
    record Cut(Instant from, Instant to) {

        boolean keeps(Instant t) {
            return !t.isBefore(from) && !t.isAfter(to);
        }
    }

    /** The Content-Range of a cut answer. */
    record Window(Instant rangeStart, Instant rangeEnd, Integer size) {
    }

    private InstancePages() {
    }

    /**
     * @param attributes the times of the selected instances of each attribute of one entity
     * @return the entity's cut, or null when no attribute has more than {@code max} instances
     */
    static Cut cut(Collection<List<Instant>> attributes, TemporalQuery q, int max) {
        boolean recentFirst = q.lastN() != null;
        Instant cut = null;
        for (List<Instant> times : attributes) {
            if (times.size() <= max) {
                continue;
            }
            List<Instant> sorted = new ArrayList<>(times);
            sorted.sort(recentFirst ? Comparator.reverseOrder() : Comparator.naturalOrder());
            Instant c = sorted.get(max - 1);
            cut = cut == null ? c : recentFirst ? (c.isAfter(cut) ? c : cut) : (c.isBefore(cut) ? c : cut);
        }
        if (cut == null) {
            return null;
        }
        return recentFirst ? new Cut(cut, Instant.MAX) : new Cut(Instant.MIN, cut);
    }

    /** The Content-Range of an answer some entity of which was cut, from the times of every returned instance. */
    static Window window(Collection<Instant> returned, TemporalQuery q) {
        Instant first = returned.stream().min(Comparator.naturalOrder()).orElse(null);
        Instant last = returned.stream().max(Comparator.naturalOrder()).orElse(null);
        String timerel = q.timerel() == null ? "" : q.timerel();
        if (q.lastN() != null) {
            Instant start = switch (timerel) {
                case "between" -> q.endTimeAt().toInstant();
                case "before" -> q.timeAt().toInstant();
                default -> last;
            };
            return new Window(start, first, q.lastN());
        }
        Instant start = switch (timerel) {
            case "between", "after" -> q.timeAt().toInstant();
            default -> first;
        };
        return new Window(start, last, null);
    }
}

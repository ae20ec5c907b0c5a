package org.civicbroker.temporal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Temporal pagination (clause 6.3.10, temporal part; see docs/temporal.md "Paging"): the instances of one
 * answer are cut to a time window that holds at most {@code max} instances of any one Attribute of any
 * one entity (all its datasetIds together, counted as lastN is, "per Attribute, per Entity"). The window
 * is the same for every attribute and entity of the answer, so the answer is the complete history of that
 * window and the rest is fetched with the times the {@code Content-Range} header gives.
 *
 * <ul>
 * <li>Oldest first (no lastN): an attribute with more than {@code max} instances ends the window at the time
 * of its {@code max}-th instance; the window ends at the earliest such time. Range start: timeAt for
 * {@code after}/{@code between} (where the asked range starts), else the first instance returned; range
 * end: the window's end. The next page is {@code timerel=after&timeAt=<range end>}.
 * <li>Most recent first (lastN): an attribute with more than {@code max} of its last N instances starts
 * the window at the time of its {@code max}-th most recent one; the window starts at the latest such time.
 * Range start: endTimeAt for {@code between}, timeAt for {@code before} (where the asked range ends),
 * else the most recent instance returned; range end: the window's start. The next page is
 * {@code timerel=before&timeAt=<range end>}.
 * </ul>
 * Size: lastN when given, else {@code *} (the total is not counted). Instances at exactly the cut time are
 * all kept, so no instance falls between two pages. Pure.
 */
final class InstancePages {

    /** A cut answer: keep the instances whose time is within [from, to]; the Content-Range values. */
    record Window(Instant from, Instant to, Instant rangeStart, Instant rangeEnd, Integer size) {

        boolean keeps(Instant t) {
            return !t.isBefore(from) && !t.isAfter(to);
        }
    }

    private InstancePages() {
    }

    /**
     * @param attributes the times of the selected instances of each attribute of each entity of the answer
     * @return the window, or null when no attribute has more than {@code max} instances (a 200 answer)
     */
    static Window window(Collection<List<Instant>> attributes, TemporalQuery q, int max) {
        boolean recentFirst = q.lastN() != null;
        Instant cut = null;
        Instant first = null;
        Instant last = null;
        for (List<Instant> times : attributes) {
            if (times.isEmpty()) {
                continue;
            }
            List<Instant> sorted = new ArrayList<>(times);
            sorted.sort(recentFirst ? Comparator.reverseOrder() : Comparator.naturalOrder());
            if (sorted.size() > max) {
                Instant c = sorted.get(max - 1);
                cut = cut == null ? c : recentFirst ? (c.isAfter(cut) ? c : cut) : (c.isBefore(cut) ? c : cut);
            }
            Instant lo = recentFirst ? sorted.get(sorted.size() - 1) : sorted.get(0);
            Instant hi = recentFirst ? sorted.get(0) : sorted.get(sorted.size() - 1);
            first = first == null || lo.isBefore(first) ? lo : first;
            last = last == null || hi.isAfter(last) ? hi : last;
        }
        if (cut == null) {
            return null;
        }
        if (recentFirst) {
            Instant start = switch (q.timerel() == null ? "" : q.timerel()) {
                case "between" -> q.endTimeAt().toInstant();
                case "before" -> q.timeAt().toInstant();
                default -> last;
            };
            return new Window(cut, Instant.MAX, start, cut, q.lastN());
        }
        Instant start = switch (q.timerel() == null ? "" : q.timerel()) {
            case "between", "after" -> q.timeAt().toInstant();
            default -> first;
        };
        return new Window(Instant.MIN, cut, start, cut, null);
    }
}

package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Temporal pagination (clause 6.3.10, docs/temporal.md "Paging"): the cut of one entity and the Content-Range. */
class InstancePagesTest {

    private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

    private static List<Instant> minutes(int from, int count) {
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(T0.plusSeconds(60L * (from + i)));
        }
        return out;
    }

    private static Instant minute(int m) {
        return T0.plusSeconds(60L * m);
    }

    private static TemporalQuery query(String timerel, String timeAt, String endTimeAt, String lastN) {
        return TemporalQuery.parse(timerel, timeAt, endTimeAt, null, lastN);
    }

    @Test
    void noCutWhenEveryAttributeFitsTheLimit() {
        assertThat(InstancePages.cut(List.of(minutes(0, 3), minutes(0, 2)), query(null, null, null, null), 3)).isNull();
    }

    @Test
    void oldestFirstEndsTheWindowAtTheMaxthInstanceOfTheAttributeCutFirst() {
        // a: minutes 0..9, b: minutes 5..7; max 4 -> a is cut at minute 3, b has 3 (not cut)
        InstancePages.Cut cut = InstancePages.cut(List.of(minutes(0, 10), minutes(5, 3)), query(null, null, null, null), 4);
        assertThat(cut).isNotNull();
        assertThat(cut.keeps(minute(3))).isTrue();
        assertThat(cut.keeps(minute(0))).isTrue();
        assertThat(cut.keeps(minute(4))).isFalse();
        assertThat(cut.keeps(minute(5))).as("the other attribute is cut to the same window").isFalse();
    }

    @Test
    void theEarliestCutOfSeveralAttributesWins() {
        InstancePages.Cut cut = InstancePages.cut(List.of(minutes(0, 10), minutes(2, 10)), query(null, null, null, null), 3);
        assertThat(cut.keeps(minute(2))).isTrue();
        assertThat(cut.keeps(minute(3))).isFalse();
    }

    @Test
    void instancesAtTheCutTimeAreAllKept() {
        List<Instant> ties = new ArrayList<>(minutes(0, 3));
        ties.add(minute(2));
        ties.add(minute(2));
        InstancePages.Cut cut = InstancePages.cut(List.of(ties), query(null, null, null, null), 3);
        assertThat(ties.stream().filter(cut::keeps)).hasSize(5);
    }

    @Test
    void withLastNTheWindowStartsAtTheMaxthMostRecentInstance() {
        InstancePages.Cut cut = InstancePages.cut(List.of(minutes(0, 10)), query(null, null, null, "10"), 4);
        assertThat(cut.keeps(minute(6))).isTrue();
        assertThat(cut.keeps(minute(9))).isTrue();
        assertThat(cut.keeps(minute(5))).isFalse();
    }

    @Test
    void rangeOldestFirstStartsWhereTheAskedRangeStarts() {
        List<Instant> returned = minutes(0, 4);
        InstancePages.Window after = InstancePages.window(returned, query("after", "2019-12-31T00:00:00Z", null, null));
        assertThat(after.rangeStart()).isEqualTo(Instant.parse("2019-12-31T00:00:00Z"));
        assertThat(after.rangeEnd()).isEqualTo(minute(3));
        assertThat(after.size()).isNull();
        InstancePages.Window between = InstancePages.window(returned,
                query("between", "2019-12-30T00:00:00Z", "2021-01-01T00:00:00Z", null));
        assertThat(between.rangeStart()).isEqualTo(Instant.parse("2019-12-30T00:00:00Z"));
        InstancePages.Window before = InstancePages.window(returned, query("before", "2021-01-01T00:00:00Z", null, null));
        assertThat(before.rangeStart()).isEqualTo(minute(0));
        assertThat(before.rangeEnd()).isEqualTo(minute(3));
    }

    @Test
    void rangeMostRecentFirstRunsBackwardsWithLastNAsSize() {
        List<Instant> returned = minutes(6, 4);
        InstancePages.Window plain = InstancePages.window(returned, query(null, null, null, "20"));
        assertThat(plain.rangeStart()).isEqualTo(minute(9));
        assertThat(plain.rangeEnd()).isEqualTo(minute(6));
        assertThat(plain.size()).isEqualTo(20);
        InstancePages.Window before = InstancePages.window(returned, query("before", "2021-01-01T00:00:00Z", null, "20"));
        assertThat(before.rangeStart()).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
        InstancePages.Window between = InstancePages.window(returned,
                query("between", "2019-01-01T00:00:00Z", "2021-01-01T00:00:00Z", "20"));
        assertThat(between.rangeStart()).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
        assertThat(between.rangeEnd()).isEqualTo(minute(6));
    }

    @Test
    void contentRangeHeaderPrintsTimesAsGiven() {
        InstancePages.Window w = new InstancePages.Window(Instant.parse("2020-01-01T01:01:00Z"),
                Instant.parse("2020-01-01T01:10:00.250Z"), 20);
        assertThat(TemporalRequests.contentRange(w)).isEqualTo("date-time 2020-01-01T01:01:00Z-2020-01-01T01:10:00.250Z/20");
        assertThat(TemporalRequests.contentRange(new InstancePages.Window(minute(0), minute(1), null)))
                .isEqualTo("date-time 2020-01-01T00:00:00Z-2020-01-01T00:01:00Z/*");
    }
}

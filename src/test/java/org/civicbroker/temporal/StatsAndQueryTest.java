package org.civicbroker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import org.civicbroker.common.error.NgsiException;
import org.junit.jupiter.api.Test;

class StatsAndQueryTest {

    @Test
    void mergedStatsEqualStatsOfAllValues() {
        double[] values = {3, 7, 7, 12.5, -1};
        Stats all = new Stats();
        Stats left = new Stats();
        Stats right = new Stats();
        for (int i = 0; i < values.length; i++) {
            all.add(DoubleNode.valueOf(values[i]));
            (i < 2 ? left : right).add(DoubleNode.valueOf(values[i]));
        }
        right.add(TextNode.valueOf("text"));
        left.merge(right);
        assertThat(left.count()).isEqualTo(6);
        assertThat(left.numeric()).isEqualTo(5);
        double mean = (3 + 7 + 7 + 12.5 - 1) / 5;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        assertThat(AggrMethod.AVG.value(left, 0).doubleValue()).isEqualTo(mean);
        assertThat(AggrMethod.STDDEV.value(left, 0).doubleValue()).isCloseTo(Math.sqrt(ss / 4), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(AggrMethod.MIN.value(left, 0)).isEqualTo(-1.0);
        assertThat(AggrMethod.MAX.value(left, 0)).isEqualTo(12.5);
        assertThat(AggrMethod.TOTAL_COUNT.value(left, 0)).isEqualTo(6L);
        assertThat(Stats.fromDocument(left.toDocument()).sumsq()).isEqualTo(left.sumsq());
    }

    @Test
    void timerelBounds() {
        TemporalQuery between = TemporalQuery.parse("between", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", null, null);
        assertThat(between.selects(Instant.parse("2026-01-01T00:00:00Z"))).isTrue();
        assertThat(between.selects(Instant.parse("2026-01-02T00:00:00Z"))).isFalse();
        assertThat(between.selectsAll(Instant.parse("2026-01-01T23:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"))).isTrue();
        TemporalQuery after = TemporalQuery.parse("after", "2026-01-01T00:00:00+01:00", null, "modifiedAt", "3");
        assertThat(after.selects(Instant.parse("2025-12-31T23:00:00Z"))).isFalse();
        assertThat(after.offset().getTotalSeconds()).isEqualTo(3600);
        assertThat(after.lastN()).isEqualTo(3);
        assertThatThrownBy(() -> TemporalQuery.parse("after", null, null, null, null)).isInstanceOf(NgsiException.class);
        assertThatThrownBy(() -> TemporalQuery.parse("before", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", null, null))
                .isInstanceOf(NgsiException.class);
        assertThatThrownBy(() -> AggrMethod.parseList("avg,")).isInstanceOf(NgsiException.class);
    }

    @Test
    void keysEscapeTheSeparator() {
        assertThat(BucketKeys.series("urn:a|b", "http://x/y%z", null)).isEqualTo("urn:a%7Cb|http://x/y%25z|@none");
    }
}
